/**
 * Benchmark 6 — delivery at scale. Signed AcademyOcean deliveries into a real n8n, each starting a
 * workflow that records one Thought Industries course activity (the fake in its own process), in three
 * set-ups: a single n8n process (SQLite, as `npm start`), and a queue-mode cluster (`npm start -- --queue`:
 * Postgres, Redis, main, 2 webhook processors behind a loopback proxy) with 2 workers and then 1.
 * In each, four receivers side by side, each followed by the same Thought Industries node:
 *   Learning Platform Trigger, Respond: When Last Node Finishes (its default) and Immediately;
 *   n8n's Webhook node (v2, no verification), Respond: When Last Node Finishes and Immediately.
 * Load: closed loop with 10, 50 and 100 concurrent senders for a fixed time each; answered deliveries
 * per second, p50/p99 answer latency, answers over Canvas's 15 s; then the backlog is drained (every
 * answered delivery's Thought Industries call made) and the processing rate is deliveries per second
 * over load + drain. Scaling factor: 2 workers ÷ 1 worker; the highest concurrency with p99 < 15 s.
 *
 * Args: JSON `{ concurrencies, seconds, warmupSeconds, drainSeconds, topologies }`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { Pool } from 'undici';

import { N8nApi } from '../../scripts/n8n/api.ts';
import { startN8n } from '../../scripts/n8n/instance.ts';
import { N8N_VERSION, sandboxRoot } from '../../scripts/n8n/paths.ts';
import { isProvisioned, provision } from '../../scripts/n8n/provision.ts';
import { stagePackage } from '../../scripts/n8n/stagePackage.ts';
import { startQueueCluster } from '../../scripts/queue/cluster.ts';
import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../../test/fixtures/academyOceanEvents.ts';
import { COURSE_SKU, LEARNER_EMAIL } from '../../test/harness/thoughtIndustriesFixture.ts';
import { childMain, FakeProcess, progress } from '../lib/processes.ts';
import { fmt, quantile, sleep } from '../lib/stats.ts';
import type { SuiteResult, Table, Target } from '../lib/types.ts';
import { notRun } from '../lib/types.ts';

type TopologyName = 'single' | 'queue2' | 'queue1';
interface Args {
	concurrencies: number[];
	seconds: number;
	warmupSeconds: number;
	drainSeconds: number;
	topologies: TopologyName[];
	/** Extra environment for every n8n process (diagnostics, e.g. N8N_EXPRESSION_ENGINE_POOL_SIZE). */
	n8nEnv?: Record<string, string>;
}

const TITLE = '6. Delivery at scale: answers and throughput in one n8n process and in queue mode';
const PACKAGE = 'n8n-nodes-learning-platforms';
const OWNER = { email: 'bench@example.com', password: 'Bench-only-1234', firstName: 'Bench', lastName: 'Runner' };
const SECRET = `whsec-bench-${randomUUID()}`;
const CANVAS_TIMEOUT_MS = 15_000;

type Variant = 'triggerLastNode' | 'triggerLastNodeNoDedup' | 'triggerImmediately' | 'webhookLastNode' | 'webhookImmediately';
const VARIANTS: Variant[] = ['triggerLastNode', 'triggerLastNodeNoDedup', 'triggerImmediately', 'webhookLastNode', 'webhookImmediately'];
const LABELS: Record<Variant, string> = {
	triggerLastNode: 'Learning Platform Trigger, When Last Node Finishes',
	triggerLastNodeNoDedup: 'Learning Platform Trigger, When Last Node Finishes, de-duplication off (diagnostic)',
	triggerImmediately: 'Learning Platform Trigger, Immediately',
	webhookLastNode: "n8n's Webhook node, When Last Node Finishes",
	webhookImmediately: "n8n's Webhook node, Immediately",
};
const TOPOLOGY_LABELS: Record<TopologyName, string> = {
	single: 'single process',
	queue2: 'queue mode, 2 workers',
	queue1: 'queue mode, 1 worker',
};

interface Cell {
	topology: TopologyName;
	variant: Variant;
	concurrency: number;
	answered: number;
	failed: number;
	overCanvasTimeout: number;
	loadSeconds: number;
	drainSeconds: number;
	/** Thought Industries calls made for this cell's deliveries, load + drain. */
	processed: number;
	latencies: number[];
	statuses: Record<string, number>;
}

/** A signed AcademyOcean delivery with a unique id. */
function delivery(): { body: string; signature: string } {
	const body = JSON.stringify({ ...ACADEMY_OCEAN_EVENT_EXAMPLES['course.finished'], id: randomUUID() });
	return { body, signature: createHmac('sha256', SECRET).update(body).digest('hex') };
}

async function load(url: string, concurrency: number, seconds: number): Promise<Omit<Cell, 'topology' | 'variant' | 'concurrency' | 'drainSeconds' | 'processed'>> {
	const target = new URL(url);
	const pool = new Pool(target.origin, { connections: concurrency, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
	const result = { answered: 0, failed: 0, overCanvasTimeout: 0, loadSeconds: 0, latencies: [] as number[], statuses: {} as Record<string, number> };
	const started = performance.now();
	const deadline = started + seconds * 1000;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < deadline) {
				const { body, signature } = delivery();
				const sent = performance.now();
				try {
					const response = await pool.request({ method: 'POST', path: target.pathname, headers: { 'content-type': 'application/json', signature }, body });
					await response.body.dump();
					const ms = performance.now() - sent;
					result.statuses[response.statusCode] = (result.statuses[response.statusCode] ?? 0) + 1;
					if (response.statusCode >= 200 && response.statusCode < 300) {
						result.answered++;
						result.latencies.push(ms);
						if (ms > CANVAS_TIMEOUT_MS) result.overCanvasTimeout++;
					} else result.failed++;
				} catch {
					result.failed++;
					result.statuses.error = (result.statuses.error ?? 0) + 1;
				}
			}
		}),
	);
	result.loadSeconds = (performance.now() - started) / 1000;
	await pool.close();
	return result;
}

interface Setup {
	name: TopologyName;
	url: string;
	api: N8nApi;
	stop(): Promise<void>;
}

async function workflows(api: N8nApi, base: string, tiUrl: string, tiKey: string): Promise<Record<Variant, string>> {
	const webhookCredential = await api.createCredential('Bench AcademyOcean webhooks', 'academyOceanWebhookApi', { secret: SECRET });
	const tiCredential = await api.createCredential('Bench Thought Industries', 'thoughtIndustriesApi', { instanceUrl: tiUrl, apiKey: tiKey, jwtSecret: '' });
	const urls = {} as Record<Variant, string>;
	for (const variant of VARIANTS) {
		const webhookId = randomUUID();
		const lastNode = variant.includes('LastNode');
		const receiver = variant.startsWith('trigger')
			? {
					id: randomUUID(),
					name: 'Receiver',
					type: `${PACKAGE}.learningPlatformTrigger`,
					typeVersion: 2,
					position: [0, 0],
					webhookId,
					parameters: { source: 'academyOcean', respond: lastNode ? 'lastNode' : 'onReceived', options: variant === 'triggerLastNodeNoDedup' ? { ignoreDuplicates: false } : {} },
					credentials: { academyOceanWebhookApi: { id: webhookCredential, name: 'Bench AcademyOcean webhooks' } },
				}
			: {
					id: randomUUID(),
					name: 'Receiver',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId,
					parameters: { httpMethod: 'POST', path: webhookId, responseMode: lastNode ? 'lastNode' : 'onReceived', ...(lastNode ? { responseData: 'noData' } : {}), options: {} },
				};
		const record = {
			id: randomUUID(),
			name: 'Record Course Activity',
			type: `${PACKAGE}.thoughtIndustries`,
			typeVersion: 1,
			position: [260, 0],
			parameters: { resource: 'course', operation: 'recordExternalActivity', courseIdentifier: 'sku', courseSku: COURSE_SKU, learnerIdentifier: 'email', userEmail: LEARNER_EMAIL, additionalFields: {}, options: {} },
			credentials: { thoughtIndustriesApi: { id: tiCredential, name: 'Bench Thought Industries' } },
		};
		const { id } = await api.createWorkflow({
			name: `Bench delivery: ${LABELS[variant]}`,
			nodes: [receiver, record],
			connections: { Receiver: { main: [[{ node: 'Record Course Activity', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await api.publish(id);
		urls[variant] = variant.startsWith('trigger') ? `${base}/webhook/${webhookId}/webhook` : `${base}/webhook/${webhookId}`;
		await api.waitForWebhook(urls[variant], 60_000);
	}
	return urls;
}

async function waitForProcessed(fake: FakeProcess, expected: number, maxSeconds: number): Promise<number> {
	const deadline = performance.now() + maxSeconds * 1000;
	for (;;) {
		const { activities } = await fake.call<{ activities: number }>('stats');
		if (activities >= expected || performance.now() > deadline) return activities;
		await sleep(250);
	}
}

async function measure(setup: Setup, urls: Record<Variant, string>, fake: FakeProcess, args: Args): Promise<Cell[]> {
	const cells: Cell[] = [];
	for (const variant of VARIANTS) await load(urls[variant], 5, args.warmupSeconds);
	await fake.call('reset');
	for (const concurrency of args.concurrencies) {
		for (const variant of VARIANTS) {
			await fake.call('reset');
			const measured = await load(urls[variant], concurrency, args.seconds);
			const drainStarted = performance.now();
			const processed = await waitForProcessed(fake, measured.answered, args.drainSeconds);
			const drainSeconds = (performance.now() - drainStarted) / 1000;
			const cell: Cell = { topology: setup.name, variant, concurrency, ...measured, drainSeconds, processed };
			cells.push(cell);
			progress(
				`${TOPOLOGY_LABELS[setup.name]}, ${concurrency} senders, ${LABELS[variant]}: ${fmt(measured.answered / measured.loadSeconds)}/s answered, ` +
					`p50 ${fmt(quantile(measured.latencies, 0.5) / 1000, 2)} s, p99 ${fmt(quantile(measured.latencies, 0.99) / 1000, 2)} s, ` +
					`${measured.overCanvasTimeout} over 15 s, ${measured.failed} failed${measured.failed ? ` (answers by status: ${JSON.stringify(measured.statuses)})` : ''}, ` +
					`load ${fmt(measured.loadSeconds, 1)} s, processed ${processed} (drain ${fmt(drainSeconds, 1)} s)`,
			);
		}
	}
	return cells;
}

async function singleProcess(bin: string, env: Record<string, string>): Promise<Setup> {
	mkdirSync(sandboxRoot, { recursive: true });
	const userFolder = mkdtempSync(join(sandboxRoot, 'bench-delivery-single-'));
	stagePackage(userFolder);
	const n8n = await startN8n({ userFolder, bin, log: progress, startTimeoutMs: 6 * 60_000, env: { GENERIC_TIMEZONE: 'UTC', ...env } });
	return {
		name: 'single',
		url: n8n.url,
		api: new N8nApi(n8n.url),
		async stop() {
			await n8n.stop();
			rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const targets: Array<Pick<Target, 'name' | 'target'>> = [
		{ name: 'Delivery: queue-mode scaling, 2 workers ÷ 1 worker', target: 'report the factor' },
		{ name: 'Delivery: highest concurrency with p99 < 15 s', target: 'report, per set-up' },
	];
	if (!isProvisioned()) return notRun('delivery', TITLE, 'no provisioned n8n: run `npm start` once and run the benchmarks again', targets);
	const { bin } = await provision(progress);
	const fake = await FakeProcess.start('thoughtIndustries');
	const { apiKey } = await fake.call<{ apiKey: string }>('config');
	const cells: Cell[] = [];
	const startSeconds: Record<string, number> = {};
	try {
		const queueWanted = args.topologies.some((name) => name.startsWith('queue'));
		if (queueWanted) {
			mkdirSync(sandboxRoot, { recursive: true });
			const dir = mkdtempSync(join(sandboxRoot, 'bench-delivery-queue-'));
			const started = performance.now();
			const cluster = await startQueueCluster({ dir, workers: 2, log: progress, env: args.n8nEnv });
			startSeconds.queue = (performance.now() - started) / 1000;
			try {
				const api = new N8nApi(cluster.url);
				await api.signIn(OWNER);
				const urls = await workflows(api, cluster.url, fake.url, apiKey);
				const setup = (name: TopologyName): Setup => ({ name, url: cluster.url, api, stop: async () => {} });
				if (args.topologies.includes('queue2')) cells.push(...(await measure(setup('queue2'), urls, fake, args)));
				if (args.topologies.includes('queue1')) {
					await cluster.workers[1].stop();
					cells.push(...(await measure(setup('queue1'), urls, fake, args)));
				}
			} finally {
				await cluster.stop();
				rmSync(dir, { recursive: true, force: true });
			}
		}
		if (args.topologies.includes('single')) {
			const started = performance.now();
			const setup = await singleProcess(bin, args.n8nEnv ?? {});
			startSeconds.single = (performance.now() - started) / 1000;
			try {
				await setup.api.signIn(OWNER);
				const urls = await workflows(setup.api, setup.url, fake.url, apiKey);
				cells.push(...(await measure(setup, urls, fake, args)));
			} finally {
				await setup.stop();
			}
		}
	} finally {
		await fake.stop();
	}

	const cell = (topology: TopologyName, variant: Variant, concurrency: number) =>
		cells.find((entry) => entry.topology === topology && entry.variant === variant && entry.concurrency === concurrency);
	const answeredRate = (entry: Cell) => entry.answered / entry.loadSeconds;
	const processedRate = (entry: Cell) => entry.processed / (entry.loadSeconds + entry.drainSeconds);
	const p = (entry: Cell, q: number) => quantile(entry.latencies, q) / 1000;
	const topologies = args.topologies;
	const top = Math.max(...args.concurrencies);

	const table: Table = {
		headers: ['set-up', 'receiver', 'senders', 'answered/s', 'processed/s', 'p50 s', 'p99 s', 'over 15 s', 'not 2xx'],
		rows: cells.map((entry) => [
			TOPOLOGY_LABELS[entry.topology],
			LABELS[entry.variant],
			String(entry.concurrency),
			fmt(answeredRate(entry)),
			fmt(processedRate(entry)),
			fmt(p(entry, 0.5), 2),
			fmt(p(entry, 0.99), 2),
			String(entry.overCanvasTimeout),
			String(entry.failed),
		]),
	};
	const highest = (topology: TopologyName, variant: Variant) => {
		const ok = args.concurrencies.filter((concurrency) => {
			const entry = cell(topology, variant, concurrency);
			return entry && entry.answered > 0 && p(entry, 0.99) < CANVAS_TIMEOUT_MS / 1000;
		});
		return ok.length ? Math.max(...ok) : 0;
	};
	const highestTable: Table = {
		headers: ['receiver', ...topologies.map((topology) => TOPOLOGY_LABELS[topology])],
		rows: VARIANTS.map((variant) => [LABELS[variant], ...topologies.map((topology) => String(highest(topology, variant) || `< ${Math.min(...args.concurrencies)}`))]),
	};
	const ratioRows: string[][] = [];
	for (const variant of VARIANTS) {
		const two = cell('queue2', variant, top);
		const one = cell('queue1', variant, top);
		const single = cell('single', variant, top);
		const ofWebhook = (entry?: Cell) => {
			const reference = entry && cell(entry.topology, variant.includes('LastNode') ? 'webhookLastNode' : 'webhookImmediately', top);
			return entry && reference ? fmt(processedRate(entry) / processedRate(reference), 2) : '-';
		};
		ratioRows.push([
			LABELS[variant],
			two && one ? fmt(processedRate(two) / processedRate(one), 2) : '-',
			two && single ? fmt(processedRate(two) / processedRate(single), 2) : '-',
			ofWebhook(single),
			ofWebhook(two),
		]);
	}
	const scaling = (variant: Variant) => {
		const two = cell('queue2', variant, top);
		const one = cell('queue1', variant, top);
		return two && one ? processedRate(two) / processedRate(one) : Number.NaN;
	};
	return {
		id: 'delivery',
		title: TITLE,
		method: [
			`n8n ${N8N_VERSION} (scripts/n8n/provision.ts). Single process: scripts/n8n/instance.ts, SQLite, started in ${fmt(startSeconds.single ?? Number.NaN, 0)} s. Queue mode: scripts/queue/cluster.ts (Postgres and Redis from Debian's packages, main, 2 webhook processors behind a loopback proxy, workers at n8n's default concurrency 10), started in ${fmt(startSeconds.queue ?? Number.NaN, 0)} s; 1 worker = the same cluster with worker 2 stopped.`,
			'Each receiver is followed by the same Thought Industries node (record course activity) calling the fake Thought Industries in its own process; the Webhook node does no verification, the trigger verifies the HMAC signature and claims each delivery (de-duplication).',
			`Load: undici Pool, closed loop, ${args.concurrencies.join(' / ')} concurrent senders, ${args.seconds} s per receiver and concurrency (after ${args.warmupSeconds} s of warm-up per receiver), signed 1 KB AcademyOcean deliveries with unique ids. Answered/s = 2xx answers per second of load; latency percentiles over 2xx answers. Then the backlog is drained (up to ${args.drainSeconds} s) until the fake has every answered delivery's call; processed/s = those calls ÷ (load + drain time). With "Immediately" answers can run ahead of the work: processed/s is the capacity.`,
			'Canvas gives up after 15 s and retries: "over 15 s" counts 2xx answers that came later than that (Canvas would have sent them again).',
		],
		tables: [
			{ caption: 'Deliveries per set-up, receiver and number of concurrent senders', table },
			{ caption: 'Highest number of concurrent senders (of those measured) with p99 answer latency under 15 s', table: highestTable },
			{
				caption: `Ratios of processed/s at ${top} senders: scaling 2 workers ÷ 1 worker, queue mode (2 workers) ÷ single process, and the trigger ÷ n8n's Webhook node with the same Respond setting`,
				table: { headers: ['receiver', '2 ÷ 1 worker', 'queue (2) ÷ single', 'trigger ÷ Webhook node (single)', 'trigger ÷ Webhook node (queue, 2)'], rows: ratioRows },
			},
		],
		targets: [
			{ ...targets[0], measured: `trigger (When Last Node Finishes) ${fmt(scaling('triggerLastNode'), 2)}, Webhook node ${fmt(scaling('webhookLastNode'), 2)} at ${top} senders`, verdict: 'reported' },
			{
				...targets[1],
				measured: topologies.map((topology) => `${TOPOLOGY_LABELS[topology]}: ${highest(topology, 'triggerLastNode') || '< ' + Math.min(...args.concurrencies)}`).join('; ') + ' (trigger, When Last Node Finishes)',
				verdict: 'reported',
			},
		],
		evidence: [],
		bars: [],
		groups: [
			{
				title: `Delivery: processed/s at ${top} senders`,
				unit: 'deliveries/s',
				categories: topologies.map((topology) => TOPOLOGY_LABELS[topology]),
				series: VARIANTS.map((variant) => ({ name: LABELS[variant], values: topologies.map((topology) => (cell(topology, variant, top) ? processedRate(cell(topology, variant, top) as Cell) : 0)) })),
			},
		],
	};
});
