/**
 * Benchmark 4 — real n8n. The pinned n8n installed by scripts/n8n/provision.ts (never installed
 * from here: when it is not there the suite says "not run" and why), started on 127.0.0.1 with the
 * built package staged as a community package, one instance for every variant:
 *   trigger     — Learning Platform Trigger, source AcademyOcean, defaults (verification, de-duplication);
 *   triggerNoDedup — the same with de-duplication off (diagnostic);
 *   triggerFullRecord — the defaults with the de-duplication record filled as on a busy trigger
 *               (written into n8n's SQLite database before the load; diagnostic);
 *   webhook     — n8n's built-in Webhook node (no verification), same payloads;
 *   webhookV1   — the Webhook node at version 1, which n8n handles like every other trigger (diagnostic);
 *   webhookHeaderAuth — the same with Header Auth, which reads a credential per request (diagnostic).
 * An undici load client with a fixed number of connections sends signed 1 KB AcademyOcean
 * deliveries (unique ids) for a fixed time per round; rate of 200 answers, p50/p99 latency.
 *
 * Args: JSON `{ connections, warmupSeconds, roundSeconds, rounds }`.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';

import { Pool } from 'undici';

import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../../test/fixtures/academyOceanEvents.ts';
import { ROOT } from '../lib/dist.ts';
import { childMain, progress } from '../lib/processes.ts';
import { fmt, median, quantile, sleep } from '../lib/stats.ts';
import type { SuiteResult, Target } from '../lib/types.ts';
import { notRun } from '../lib/types.ts';

interface Args {
	connections: number;
	warmupSeconds: number;
	roundSeconds: number;
	rounds: number;
}

// The parts of scripts/n8n/ this suite uses. Imported at run time: those scripts belong to the
// sandbox and may not be in every checkout.
interface N8nInstance {
	url: string;
	logFile: string;
	stop(): Promise<void>;
}
interface InstanceModule {
	startN8n(options: { userFolder: string; log?: (line: string) => void; startTimeoutMs?: number }): Promise<N8nInstance>;
}
interface ProvisionModule {
	isProvisioned(): boolean;
}
interface PathsModule {
	N8N_VERSION: string;
	installDir(): string;
	sandboxRoot: string;
}
interface StageModule {
	stagePackage(userFolder: string): { name: string };
}
interface N8nApi {
	signIn(owner: { email: string; password: string; firstName: string; lastName: string }, apiKey?: string): Promise<string>;
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string>;
	createWorkflow(workflow: { name: string; nodes: unknown[]; connections: Record<string, unknown>; settings?: Record<string, unknown> }): Promise<{ id: string }>;
	publish(id: string): Promise<void>;
	unpublish(id: string): Promise<void>;
	public<T>(method: string, path: string, body?: unknown): Promise<T>;
}
interface ApiModule {
	N8nApi: new (url: string) => N8nApi;
}

const TITLE = '4. Real n8n: verified webhooks into the Learning Platform Trigger vs the built-in Webhook node';
const TARGET = { name: 'Real n8n: Learning Platform Trigger vs Webhook node', target: 'trigger webhooks/s ÷ Webhook node webhooks/s >= 0.95' };
const TARGET_RATIO = 0.95;
const PACKAGE = 'n8n-nodes-learning-platforms';
// A throwaway owner of a loopback-only instance in a git-ignored folder.
const OWNER = { email: 'bench@example.com', password: 'Bench-only-1234', firstName: 'Bench', lastName: 'Runner' };
const SECRET = `whsec-bench-${randomUUID()}`;

async function scriptModule<T>(file: string): Promise<T> {
	return (await import(pathToFileURL(`${ROOT}scripts/n8n/${file}`).href)) as T;
}

/** n8n's processed-data store keeps the trigger's newest 5,000 done deliveries: full on a busy trigger. */
const FULL_PROCESSED_RECORD = 5000;

/**
 * Fills a trigger's de-duplication record in n8n's database as a busy trigger has it: the
 * processed-data row of its claims with 5,000 done deliveries (MD5/base64 hashes, as n8n's
 * DeduplicationHelper stores them for scope "node").
 */
/** Bytes of JSON the full record takes in n8n's database, set by the fill. */
let fullRecordBytes = 0;

function fillDeduplicationRecords(databaseFile: string, workflowId: string, nodeId: string): void {
	const key = (index: number) => createHash('sha256').update(`bench-filled-${index}`).digest('hex').slice(0, 16);
	const hashes = Array.from({ length: FULL_PROCESSED_RECORD }, (_, index) => createHash('md5').update(key(index)).digest('base64'));
	const processedJson = JSON.stringify({ mode: 'entries', data: hashes });
	fullRecordBytes = processedJson.length;
	const database = new DatabaseSync(databaseFile, { timeout: 30_000 });
	try {
		database.prepare('INSERT OR REPLACE INTO processed_data (workflowId, context, value) VALUES (?, ?, ?)').run(workflowId, `n:${nodeId}`, processedJson);
	} finally {
		database.close();
	}
}

type Variant = 'webhook' | 'webhookV1' | 'webhookHeaderAuth' | 'trigger' | 'triggerNoDedup' | 'triggerFullRecord';
const VARIANTS: Variant[] = ['webhook', 'trigger', 'webhookV1', 'webhookHeaderAuth', 'triggerNoDedup', 'triggerFullRecord'];
const LABELS: Record<Variant, string> = {
	webhook: "n8n's Webhook node (no verification)",
	webhookV1: "n8n's Webhook node version 1 (n8n's per-request path for every other trigger; diagnostic)",
	webhookHeaderAuth: "n8n's Webhook node with Header Auth (reads a credential per request; diagnostic)",
	trigger: 'Learning Platform Trigger (defaults)',
	triggerNoDedup: 'Learning Platform Trigger, de-duplication off (diagnostic)',
	triggerFullRecord: 'Learning Platform Trigger, de-duplication record full (diagnostic)',
};
const SHORT_LABELS: Record<Variant, string> = {
	webhook: 'Webhook node',
	webhookV1: 'Webhook node v1',
	webhookHeaderAuth: 'Webhook + Header Auth',
	trigger: 'trigger',
	triggerNoDedup: 'trigger, no de-dup',
	triggerFullRecord: 'trigger, full records',
};
/** A fixed header every request carries, so the Header Auth variant accepts the same requests. */
const BENCH_HEADER = { name: 'x-bench-key', value: `bench-${randomUUID()}` };

interface LoadResult {
	ok: number;
	failed: number;
	statuses: Record<string, number>;
	seconds: number;
	latencies: number[];
}

/** A signed 1 KB AcademyOcean delivery with a unique id, as AcademyOcean sends it. */
function delivery(): { body: string; signature: string } {
	const event = { ...ACADEMY_OCEAN_EVENT_EXAMPLES['learner.course_certificate.issued'], id: randomUUID(), note: '' };
	event.note = 'x'.repeat(Math.max(0, 1024 - Buffer.byteLength(JSON.stringify(event))));
	const body = JSON.stringify(event);
	return { body, signature: createHmac('sha256', SECRET).update(body).digest('hex') };
}

/** Closed-loop load: `connections` workers, each sending the next request when the last is answered, until the deadline. */
async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
	const target = new URL(url);
	const pool = new Pool(target.origin, { connections, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
	const result: LoadResult = { ok: 0, failed: 0, statuses: {}, seconds: 0, latencies: [] };
	const started = performance.now();
	const deadline = started + seconds * 1000;
	await Promise.all(
		Array.from({ length: connections }, async () => {
			while (performance.now() < deadline) {
				const { body, signature } = delivery();
				const sent = performance.now();
				try {
					const response = await pool.request({
						method: 'POST',
						path: target.pathname,
						headers: { 'content-type': 'application/json', signature, [BENCH_HEADER.name]: BENCH_HEADER.value },
						body,
					});
					await response.body.dump();
					result.statuses[response.statusCode] = (result.statuses[response.statusCode] ?? 0) + 1;
					if (response.statusCode === 200) {
						result.ok += 1;
						result.latencies.push(performance.now() - sent);
					} else result.failed += 1;
				} catch {
					result.failed += 1;
				}
			}
		}),
	);
	result.seconds = (performance.now() - started) / 1000;
	await pool.close();
	return result;
}

/** Unpublishes and deletes a workflow; n8n answers 409 while an unpublish is still settling, so that is retried (bounded). */
async function removeWorkflow(api: N8nApi, id: string, active: boolean): Promise<void> {
	if (active) await api.unpublish(id);
	for (let attempt = 1; ; attempt++) {
		try {
			await api.public('DELETE', `/workflows/${id}`);
			return;
		} catch (error) {
			if (attempt >= 20 || !/\(409\)/.test((error as Error).message)) throw error;
			await sleep(250);
		}
	}
}

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const provision = await scriptModule<ProvisionModule>('provision.ts');
	const paths = await scriptModule<PathsModule>('paths.ts');
	if (!provision.isProvisioned()) {
		return notRun(
			'n8n',
			TITLE,
			`no provisioned n8n at ${paths.installDir()} — run \`npm start\` once (or \`node scripts/n8n/provision.ts\`, about 5 minutes) and run the benchmarks again`,
			[TARGET],
		);
	}
	const { startN8n } = await scriptModule<InstanceModule>('instance.ts');
	const { stagePackage } = await scriptModule<StageModule>('stagePackage.ts');
	const { N8nApi } = await scriptModule<ApiModule>('api.ts');

	// Its own user folder (SQLite database) in the git-ignored sandbox folder, kept between runs so
	// later starts skip the database migrations.
	const userFolder = `${paths.sandboxRoot}/bench-n8n`;
	stagePackage(userFolder);
	const startedAt = performance.now();
	const n8n = await startN8n({ userFolder, log: (line) => progress(line), startTimeoutMs: 4 * 60_000 });
	const startSeconds = (performance.now() - startedAt) / 1000;
	progress(`n8n ready at ${n8n.url} in ${fmt(startSeconds, 0)} s`);
	try {
		const api = new N8nApi(n8n.url);
		const keyFile = `${userFolder}/bench-api-key`;
		const apiKey = await api.signIn(OWNER, existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
		writeFileSync(keyFile, apiKey, { mode: 0o600 });
		// Leftovers of an interrupted run would stay active and share the instance: remove them.
		const existing = await api.public<{ data: Array<{ id: string; active: boolean }> }>('GET', '/workflows?limit=250');
		for (const workflow of existing.data) await removeWorkflow(api, workflow.id, workflow.active);
		const credentialId = await api.createCredential('Bench AcademyOcean webhooks', 'academyOceanWebhookApi', { secret: SECRET });
		const credential = { academyOceanWebhookApi: { id: credentialId, name: 'Bench AcademyOcean webhooks' } };
		const headerCredentialId = await api.createCredential('Bench header auth', 'httpHeaderAuth', BENCH_HEADER);

		const urls = {} as Record<Variant, string>;
		const filled: Array<{ workflowId: string; nodeId: string }> = [];
		const create = async (variant: Variant) => {
			const webhookId = randomUUID();
			const builtIn = variant === 'webhook' || variant === 'webhookV1' || variant === 'webhookHeaderAuth';
			const node = builtIn
				? {
						id: randomUUID(),
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: variant === 'webhookV1' ? 1 : 2,
						position: [0, 0],
						webhookId,
						parameters: {
							httpMethod: 'POST',
							path: webhookId,
							responseMode: 'onReceived',
							options: {},
							...(variant === 'webhookHeaderAuth' ? { authentication: 'headerAuth' } : {}),
						},
						...(variant === 'webhookHeaderAuth' ? { credentials: { httpHeaderAuth: { id: headerCredentialId, name: 'Bench header auth' } } } : {}),
					}
				: {
							id: randomUUID(),
							name: 'Learning Platform Trigger',
							type: `${PACKAGE}.learningPlatformTrigger`,
							typeVersion: 1,
							position: [0, 0],
							webhookId,
							parameters: { source: 'academyOcean', options: variant === 'triggerNoDedup' ? { ignoreDuplicates: false } : {} },
							credentials: credential,
						};
			const { id } = await api.createWorkflow({ name: `Bench: ${LABELS[variant]}`, nodes: [node], connections: {} });
			await api.publish(id);
			if (variant === 'triggerFullRecord') filled.push({ workflowId: id, nodeId: node.id });
			urls[variant] = builtIn ? `${n8n.url}/webhook/${webhookId}` : `${n8n.url}/webhook/${webhookId}/webhook`;
			return id;
		};
		const workflowIds: string[] = [];
		for (const variant of VARIANTS) workflowIds.push(await create(variant));
		for (const { workflowId, nodeId } of filled) fillDeduplicationRecords(`${userFolder}/.n8n/database.sqlite`, workflowId, nodeId);

		// The trigger really verifies on this instance: a valid delivery is accepted, a tampered one refused.
		const check = async (tamper: boolean) => {
			const { body, signature } = delivery();
			const response = await fetch(urls.trigger, {
				method: 'POST',
				headers: { 'content-type': 'application/json', signature },
				body: tamper ? body.replace('John', 'Joan') : body,
				signal: AbortSignal.timeout(30_000),
			});
			await response.body?.cancel();
			return response.status;
		};
		const [validStatus, tamperedStatus] = [await check(false), await check(true)];
		if (validStatus !== 200 || tamperedStatus !== 401) {
			throw new Error(`the trigger answered ${validStatus} to a valid delivery and ${tamperedStatus} to a tampered one (expected 200, 401)`);
		}

		const variants = VARIANTS;
		for (const variant of variants) await load(urls[variant], args.connections, args.warmupSeconds);
		const rounds: Record<Variant, LoadResult[]> = { webhook: [], webhookV1: [], webhookHeaderAuth: [], trigger: [], triggerNoDedup: [], triggerFullRecord: [] };
		for (let round = 0; round < args.rounds; round++) {
			for (let index = 0; index < variants.length; index++) {
				const variant = variants[(index + round) % variants.length];
				rounds[variant].push(await load(urls[variant], args.connections, args.roundSeconds));
			}
			progress(
				`real n8n round ${round + 1}/${args.rounds}: ` +
					variants
						.map((variant) => {
							const last = rounds[variant].at(-1) as LoadResult;
							return `${variant} ${fmt(last.ok / last.seconds)}/s (p50 ${fmt(quantile(last.latencies, 0.5), 1)} ms, ${last.failed} errors)`;
						})
						.join(', '),
			);
		}
		for (const id of workflowIds) await removeWorkflow(api, id, true);
		for (const id of [credentialId, headerCredentialId]) await api.public('DELETE', `/credentials/${id}`);

		const rate = (variant: Variant) => median(rounds[variant].map((entry) => entry.ok / entry.seconds));
		const latencies = (variant: Variant) => rounds[variant].flatMap((entry) => entry.latencies);
		const failures = (variant: Variant) => rounds[variant].reduce((sum, entry) => sum + entry.failed, 0);
		const statuses = (variant: Variant) => {
			const merged: Record<string, number> = {};
			for (const entry of rounds[variant]) for (const [status, count] of Object.entries(entry.statuses)) merged[status] = (merged[status] ?? 0) + count;
			return Object.entries(merged)
				.map(([status, count]) => `${status}: ${fmt(count, 0)}`)
				.join(', ');
		};
		const ratio = rate('trigger') / rate('webhook');
		const target: Target = {
			...TARGET,
			measured: `${fmt(ratio, 3)} (${fmt(rate('trigger'))}/s vs ${fmt(rate('webhook'))}/s)`,
			verdict: ratio >= TARGET_RATIO ? 'met' : 'missed',
		};
		if (target.verdict === 'missed') target.note = realN8nCause(rate);
		return {
			id: 'n8n',
			title: TITLE,
			method: [
				`n8n ${paths.N8N_VERSION} from the sandbox install (scripts/n8n/provision.ts, cached outside the repo), started by scripts/n8n/instance.ts on 127.0.0.1 with SQLite and default execution saving, the built package staged as a community package (scripts/n8n/stagePackage.ts); started in ${fmt(startSeconds, 0)} s. User folder: .n8n-sandbox/bench-n8n (git-ignored).`,
				`${variants.length} published workflows on the same instance, each a lone webhook node: ${variants.map((variant) => LABELS[variant]).join('; ')}. Checked first: a valid signed delivery is answered 200 and a tampered one 401.`,
				`Full record: before the load, n8n's processed_data table gets ${FULL_PROCESSED_RECORD.toLocaleString('en-US')} done deliveries for the full-record workflow's trigger (the size of its record), written into n8n's SQLite database, as a busy trigger has them.`,
				`Load: undici Pool with ${args.connections} connections on loopback, closed loop (each connection sends its next request when the last is answered), signed 1 KB AcademyOcean deliveries with unique ids (the same generator for every variant), ${args.warmupSeconds} s warm-up per variant, then ${args.rounds} rounds of ${args.roundSeconds} s per variant in rotated order; rate = 200 answers per second, median of rounds; latency percentiles over all measured requests.`,
			],
			tables: [
				{
					caption: 'Sustained webhooks per second on one n8n instance (median of rounds)',
					table: {
						headers: ['workflow', 'webhooks/s', 'ratio to Webhook node', 'p50 ms', 'p99 ms', 'answers', 'errors'],
						rows: variants.map((variant) => [
							LABELS[variant],
							fmt(rate(variant)),
							fmt(rate(variant) / rate('webhook'), 3),
							fmt(quantile(latencies(variant), 0.5), 1),
							fmt(quantile(latencies(variant), 0.99), 1),
							statuses(variant),
							fmt(failures(variant), 0),
						]),
					},
				},
			],
			targets: [target],
			evidence: [],
			bars: [{ label: 'real n8n: trigger / Webhook node', value: ratio, target: TARGET_RATIO, higherIsBetter: true, unit: '' }],
			groups: [
				{
					title: 'Real n8n: sustained webhooks/s',
					unit: 'webhooks/s',
					categories: variants.map((variant) => SHORT_LABELS[variant]),
					series: [{ name: 'webhooks/s', values: variants.map(rate) }],
				},
			],
		};
	} finally {
		await n8n.stop();
	}
});

/** The closing sentence for a missed real-n8n ratio, from the diagnostic variants on the same instance. */
function realN8nCause(rate: (variant: Variant) => number): string {
	const ratio = (variant: Variant) => fmt(rate(variant) / rate('webhook'), 2);
	const perRequest = (variant: Variant) => 1000 / rate(variant);
	const over = (variant: Variant, reference: Variant) => perRequest(variant) - perRequest(reference);
	const ms = (value: number) => `${fmt(value, 1)} ms`;
	const isolate = over('webhookV1', 'webhook');
	const credential = over('webhookHeaderAuth', 'webhook');
	const gap = over('trigger', 'webhook');
	const deduplication = over('trigger', 'triggerNoDedup');
	// Below a tenth of the trigger's time per request, a difference between two variants is round-to-round noise here.
	const noise = perRequest('trigger') / 10;
	const fullRecord = over('triggerFullRecord', 'trigger');
	const fullRecordText =
		` With its record full (${FULL_PROCESSED_RECORD.toLocaleString('en-US')} done deliveries in n8n's processed-data store, a busy trigger's steady state): ` +
		`${ratio('triggerFullRecord')}, ${ms(fullRecord)} per request over the trigger with a nearly empty record` +
		`${Math.abs(fullRecord) < noise ? ', within the noise' : `: each batch of claims and settlements reads and writes the record (${fmt(fullRecordBytes / 1024, 0)} KB of JSON) twice`}.`;
	const deduplicationText =
		Math.abs(deduplication) < noise
			? `Its de-duplication record makes no measurable difference here (with it off: ${ratio('triggerNoDedup')}; ` +
				`${ms(deduplication)} per request, within this run's noise of about ±${ms(noise)}).`
			: `Its de-duplication claims add ${ms(deduplication)} per request (with it off: ${ratio('triggerNoDedup')}): each delivery is ` +
				`claimed when its execution starts and settled when it ends, in n8n's processed-data store under a lock (batched ` +
				`when deliveries arrive together), and its execution's outcome is read back from n8n's database.`;
	return (
		`The reference gets a path no community trigger can take: n8n 2.41's live-webhook handler (webhooks/live-webhooks.js, ` +
		`webhookPhaseNeedsIsolate) skips acquiring an isolated-vm expression isolate only when the start node is n8n's own ` +
		`Webhook node at version 2 or later with static parameters; every other trigger gets an isolate per request. The ` +
		`Webhook node at version 1, which takes that path, reaches ${ratio('webhookV1')} of version 2 (${ms(isolate)} more per ` +
		`request at this concurrency). Reading a credential per request, which any verifying trigger must (the secret lives in ` +
		`one), costs the Webhook node ${ms(credential)} (Header Auth: ${ratio('webhookHeaderAuth')}). Together that is ` +
		`${ms(isolate + credential)} of the trigger's ${ms(gap)} per request over the Webhook node ` +
		`(${fmt((100 * (isolate + credential)) / gap, 0)}%). ${deduplicationText}${fullRecordText} Both of the large parts are n8n's, so 0.95 of ` +
		`the Webhook node is not reachable for a community trigger on n8n 2.41; a like-for-like reference would be the Webhook ` +
		`node version 1 with Header Auth (isolate and credential read, no verification).`
	);
}
