/**
 * Benchmark 1 — engine overhead. N Thought Industries "record course external activity" items
 * through the built node in n8n's real engine (Manual Trigger -> node, WorkflowExecute + RoutingNode)
 * against the same requests sent by a plain undici loop at the same concurrency, to the same fake
 * Thought Industries running in its own process on 127.0.0.1.
 *
 * Args: JSON `{ sizes, rounds, warmups, keepAliveConnections, profileAt }` (see Args).
 */
import { Pool } from 'undici';

import { Engine } from '../../test/harness/engine.ts';
import { COURSE_ID, LEARNER_EMAIL } from '../../test/harness/thoughtIndustriesFixture.ts';
import { distCredential, distNode } from '../lib/dist.ts';
import { FakeProcess, childMain, progress } from '../lib/processes.ts';
import { inclusiveShare, profileMarkdown, profiled, selfShare } from '../lib/profile.ts';
import type { ProfileSummary } from '../lib/profile.ts';
import { collectGarbage, fmt, leastSquares, median } from '../lib/stats.ts';
import type { SuiteResult, Target } from '../lib/types.ts';

interface Args {
	sizes: number[];
	/** Measured rounds per size (same order as sizes). */
	rounds: number[];
	/** Warm-up runs of each variant before the measured rounds, per size. */
	warmups: number[];
	/** Kept-alive connections of the reference raw loop. */
	keepAliveConnections: number;
	/** N of the profiled node run when a target is missed (0: none). */
	profileAt: number;
}

interface ServerStats {
	requests: number;
	connections: number;
	peakOpen: number;
	statuses: Record<string, number>;
}

interface Sample {
	request: { method: string; path: string; headers: Record<string, string>; body: string };
}

type Variant = 'node' | 'rawMatched' | 'rawKeepAlive';
const VARIANTS: Variant[] = ['node', 'rawMatched', 'rawKeepAlive'];

const TARGET_RATIO = 1.5;

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const fake = await FakeProcess.start('thoughtIndustries');
	try {
		return await measure(fake, args);
	} finally {
		await fake.stop();
	}
});

async function measure(fake: FakeProcess, args: Args): Promise<SuiteResult> {
	const { apiKey } = await fake.call<{ apiKey: string }>('config');
	const engine = new Engine({
		nodeTypes: { thoughtIndustries: distNode('nodes/ThoughtIndustries/ThoughtIndustries.node.js', 'ThoughtIndustries') },
		credentialTypes: [distCredential('credentials/ThoughtIndustriesApi.credentials.js', 'ThoughtIndustriesApi')],
	});
	const credential = engine.credentials.add('thoughtIndustriesApi', { instanceUrl: `${fake.url}/`, apiKey });
	const node = {
		type: 'thoughtIndustries',
		parameters: {
			resource: 'course',
			operation: 'recordExternalActivity',
			courseIdentifier: 'id',
			courseId: COURSE_ID,
			learnerIdentifier: 'email',
			userEmail: LEARNER_EMAIL,
		},
		credentials: { thoughtIndustriesApi: credential },
	};

	// What the node sends, byte for byte: the raw loop sends exactly this.
	await fake.call('reset');
	const probe = await engine.run(node, [{}]);
	if (probe.status !== 'success') throw new Error(`probe execution failed: ${probe.error?.message}`);
	const sample = (await fake.call<Sample['request']>('sample'));
	const rawHeaders: Record<string, string> = {};
	for (const name of ['accept', 'content-type', 'authorization', 'user-agent']) rawHeaders[name] = sample.headers[name];

	async function once(variant: Variant, size: number): Promise<{ ms: number; stats: ServerStats }> {
		await fake.call('reset');
		collectGarbage();
		let ms: number;
		if (variant === 'node') {
			const items = Array.from({ length: size }, () => ({}));
			const started = performance.now();
			const result = await engine.run(node, items);
			ms = performance.now() - started;
			if (result.status !== 'success' || result.items.length !== size) {
				throw new Error(`node run at N=${size} ended ${result.status} with ${result.items.length} items: ${result.error?.message}`);
			}
		} else {
			// rawMatched: what n8n's HTTP layer does on the wire — every request at once, each on its own
			// new connection that closes after the answer (n8n builds a fresh keepAlive:false agent per
			// request). rawKeepAlive: the same requests over a small pool of kept-alive connections.
			const pool =
				variant === 'rawMatched'
					? new Pool(fake.url, { pipelining: 1 })
					: new Pool(fake.url, { connections: args.keepAliveConnections, pipelining: 1 });
			const reset = variant === 'rawMatched';
			const started = performance.now();
			const statuses = await Promise.all(
				Array.from({ length: size }, async () => {
					const response = await pool.request({
						method: 'POST',
						path: sample.path,
						headers: rawHeaders,
						body: sample.body,
						reset,
					});
					await response.body.dump();
					return response.statusCode;
				}),
			);
			ms = performance.now() - started;
			await pool.close();
			const failed = statuses.filter((status) => status !== 200).length;
			if (failed) throw new Error(`${variant} at N=${size}: ${failed} answers were not 200`);
		}
		const stats = await fake.call<ServerStats>('stats');
		if (stats.requests !== size || stats.statuses['200'] !== size) {
			throw new Error(`${variant} at N=${size}: the fake saw ${stats.requests} requests, ${stats.statuses['200'] ?? 0} answered 200`);
		}
		return { ms, stats };
	}

	const times = new Map<string, number[]>();
	const connections = new Map<string, ServerStats>();
	const key = (variant: Variant, size: number) => `${variant}:${size}`;
	for (const [index, size] of args.sizes.entries()) {
		const rounds = args.rounds[index];
		for (let warmup = 0; warmup < args.warmups[index]; warmup++) for (const variant of VARIANTS) await once(variant, size);
		for (let round = 0; round < rounds; round++) {
			// Rotate the order each round so drift (GC debt, TIME_WAIT sockets) hits every variant alike.
			const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]);
			for (const variant of order) {
				const { ms, stats } = await once(variant, size);
				times.set(key(variant, size), [...(times.get(key(variant, size)) ?? []), ms]);
				connections.set(key(variant, size), stats);
			}
			progress(
				`engine overhead N=${size} round ${round + 1}/${rounds}: ` +
					VARIANTS.map((variant) => `${variant} ${fmt(times.get(key(variant, size))?.at(-1) ?? 0)} ms`).join(', '),
			);
		}
	}

	const medianMs = (variant: Variant, size: number) => median(times.get(key(variant, size)) ?? []);
	const rate = (variant: Variant, size: number) => size / (medianMs(variant, size) / 1000);
	const ratioAt = (size: number, raw: Variant = 'rawMatched') => rate(raw, size) / rate('node', size);

	// Fitted on the median of each size: one slow round (another process on the same cores) would
	// otherwise decide the R² of the whole fit.
	const fits = Object.fromEntries(
		VARIANTS.map((variant) => [variant, leastSquares(args.sizes.map((size) => ({ x: size, y: medianMs(variant, size) })))]),
	) as Record<Variant, ReturnType<typeof leastSquares>>;
	const perItem = (variant: Variant, size: number) => medianMs(variant, size) / size;
	const largest = args.sizes.at(-1) as number;
	const middle = args.sizes.at(-2) as number;
	const growth = perItem('node', largest) / perItem('node', middle);

	const targets: Target[] = args.sizes.map((size) => {
		const ratio = ratioAt(size);
		return {
			name: `Engine overhead, N = ${fmt(size, 0)}`,
			target: `raw items/s ÷ node items/s <= ${TARGET_RATIO}`,
			measured: `${fmt(ratio, 2)}x`,
			verdict: ratio <= TARGET_RATIO ? 'met' : 'missed',
		};
	});
	const linear = fits.node.r2 >= 0.99 && growth <= 1.25;
	targets.push({
		name: 'Engine cost grows linearly with N',
		target: 'least-squares R² >= 0.99 and ms/item at the largest N <= 1.25x ms/item at the next',
		measured: `${fmt(fits.node.slope, 3)} ms/item, R² ${fits.node.r2.toFixed(4)}, per-item growth ${fmt(growth, 2)}x`,
		verdict: linear ? 'met' : 'missed',
	});

	const evidence: string[] = [];
	const profileSize = args.profileAt;
	if (targets.some((target) => target.verdict === 'missed') && profileSize) {
		await fake.call('reset');
		collectGarbage();
		const items = Array.from({ length: profileSize }, () => ({}));
		const { summary } = await profiled(`engine-overhead-node-${profileSize}`, async () => await engine.run(node, items));
		evidence.push(...profileMarkdown(`CPU profile of one node run at N = ${fmt(profileSize, 0)}`, summary));
		const summaryNote = causeOfOverhead(summary);
		for (const target of targets) if (target.verdict === 'missed') target.note = summaryNote;
	}

	const connectionNote = (variant: Variant, size: number) => {
		const stats = connections.get(key(variant, size));
		return stats ? `${fmt(stats.connections, 0)} / ${fmt(stats.peakOpen, 0)}` : '-';
	};
	return {
		id: 'engine',
		title: '1. Engine overhead: Thought Industries records through n8n vs a plain undici loop',
		method: [
			`Node: the built Thought Industries node (dist/), "Record Course External Activity" with fixed parameters, run as Manual Trigger -> node by n8n-core's WorkflowExecute (test/harness/engine.ts), with N input items.`,
			`Fake: test/fakes/thoughtIndustries.ts in its own process on 127.0.0.1 (validates and records every activity), so the client side has a core of its own on this 2-core machine.`,
			`Concurrency: RoutingNode starts every item's request at once (Promise.allSettled). n8n's HTTP layer (@n8n/backend-network) builds a new http.Agent (keepAlive off) for every request, so each request opens its own TCP connection and sends "Connection: close"; measured at the fake: connections = N, peak open at once shown below.`,
			`Raw (primary, same concurrency): undici Pool, every request dispatched at once, each on its own connection closed after the answer (reset: true) — the node's wire behaviour. Raw keep-alive (reference only): undici Pool of ${args.keepAliveConnections} kept-alive connections.`,
			`Same request bytes (method, path, headers, JSON body taken from the node's own first request). Every run is checked: N requests answered 200 at the fake, N output items.`,
			`Warm-up runs of each variant per size: ${args.warmups.join(' / ')}; measured rounds per size: ${args.rounds.join(' / ')} (N = ${args.sizes.map((size) => fmt(size, 0)).join(' / ')}; the largest N runs after the smaller ones have warmed the JIT), variant order rotated each round; medians reported; GC before every run.`,
		],
		tables: [
			{
				caption: 'Throughput (median of rounds)',
				table: {
					headers: [
						'N',
						'node items/s',
						'raw items/s (conn per request)',
						'ratio raw/node',
						`raw keep-alive (${args.keepAliveConnections} conns) items/s`,
						'ratio',
						'connections / peak open: node',
						'raw',
					],
					rows: args.sizes.map((size) => [
						fmt(size, 0),
						fmt(rate('node', size)),
						fmt(rate('rawMatched', size)),
						`${fmt(ratioAt(size), 2)}x`,
						fmt(rate('rawKeepAlive', size)),
						`${fmt(ratioAt(size, 'rawKeepAlive'), 2)}x`,
						connectionNote('node', size),
						connectionNote('rawMatched', size),
					]),
				},
			},
			{
				caption: 'Linearity: least squares of median run time vs N',
				table: {
					headers: ['variant', 'slope ms/item', 'intercept ms', 'R²', ...args.sizes.map((size) => `ms/item at ${fmt(size, 0)}`)],
					rows: VARIANTS.map((variant) => [
						variant === 'node' ? 'node' : variant === 'rawMatched' ? 'raw (conn per request)' : 'raw keep-alive',
						fmt(fits[variant].slope, 4),
						fmt(fits[variant].intercept, 1),
						fits[variant].r2.toFixed(4),
						...args.sizes.map((size) => fmt(perItem(variant, size), 4)),
					]),
				},
			},
		],
		targets,
		evidence,
		bars: args.sizes.map((size) => ({
			label: `engine overhead N=${fmt(size, 0)}`,
			value: ratioAt(size),
			target: TARGET_RATIO,
			higherIsBetter: false,
			unit: 'x',
		})),
		groups: [
			{
				title: 'Engine overhead: items/s by N',
				unit: 'items/s',
				categories: args.sizes.map((size) => `N=${fmt(size, 0)}`),
				series: [
					{ name: 'node in n8n engine', values: args.sizes.map((size) => rate('node', size)) },
					{ name: 'raw undici, conn per request', values: args.sizes.map((size) => rate('rawMatched', size)) },
					{ name: `raw undici, ${args.keepAliveConnections} keep-alive conns`, values: args.sizes.map((size) => rate('rawKeepAlive', size)) },
				],
			},
		],
	};
}

/** The closing sentence for a missed overhead target, from where the profile says the time went. */
function causeOfOverhead(summary: ProfileSummary): string {
	const pct = (value: number) => `${value.toFixed(0)}%`;
	const routing = inclusiveShare(summary, 'runNode', 'routing-node');
	const expressions = inclusiveShare(summary, 'getParameterValue', 'workflow-expression');
	const merging = inclusiveShare(summary, 'mergeOptions', 'routing-node');
	const baseUrl = inclusiveShare(summary, 'resolveBaseUrl', 'routing-node');
	const http = inclusiveShare(summary, 'dispatchRequest', 'axios');
	const authenticate = inclusiveShare(summary, 'httpRequestWithAuthentication', 'request-helpers');
	const gc = selfShare(summary, '(garbage collector)');
	return (
		`Cause: n8n's per-item work around each request, not the request itself. In the profiled run RoutingNode.runNode ` +
		`takes ${pct(routing)} of the busy time (merging each item's request options with lodash: mergeOptions ${pct(merging)}; ` +
		`n8n's expression machinery, which builds a workflow data proxy and a Luxon "now" per evaluation: ${pct(expressions)}; ` +
		`its credential-domain check, resolveBaseUrl: ${pct(baseUrl)}). httpRequestWithAuthentication takes ${pct(authenticate)} ` +
		`and axios + follow-redirects ${pct(http)}, with a new http.Agent and TCP connection per request; garbage collection ${pct(gc)}. ` +
		`Closing it needs n8n-side changes (one keep-alive agent per credential; item-independent options built once per ` +
		`execution). The node itself evaluates no expression per item: its parameters are plain values, the instance URL is ` +
		`read from the credential in code, and the credential authenticates with a function rather than a generic expression block.`
	);
}
