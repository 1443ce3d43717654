import { existsSync } from 'node:fs';

import { ROOT, hasDist } from './lib/dist.ts';
import type { Target } from './lib/types.ts';
import { N8N_MAJOR, N8N_VERSION } from '../scripts/n8n/paths.ts';
import { PEERS_TITLE, PEER_TARGETS } from './suites/peers/targets.ts';

export interface SuiteDefinition {
	id: string;
	title: string;
	/** File under bench/suites/. */
	script: string;
	args: unknown;
	/** Arguments of a `--quick` smoke run. */
	quickArgs: unknown;
	timeoutMs: number;
	/** Why the suite cannot run here (a piece has not landed), or undefined. */
	unavailable: () => string | undefined;
	/** The targets it reports, for a "not run" line. */
	targets: Array<Pick<Target, 'name' | 'target'>>;
}

function missing(...paths: string[]): string | undefined {
	const absent = paths.filter((path) => !hasDist(path));
	return absent.length ? `not built yet: dist/${absent.join(', dist/')}` : undefined;
}

/**
 * The peers' rate-limited Thought Industries row: the fake limits like the ratelimit suite's (the standard
 * plan, 120/min with a burst of 20, scaled to 1,200/min); the node runs with its defaults (it learns the limit
 * from the answers); the HTTP Request node is set as a user would: batches of the burst, one second apart, and
 * Retry On Fail (5 tries, 5 s apart).
 */
const PEERS_LIMITER_ON = {
	fake: { rateLimit: { style: 'tokenBucket', perMinute: 1200, burst: 20 } },
	nodeOptions: {},
	httpRequestOptions: { batching: { batch: { batchSize: 20, batchInterval: 1000 } } },
	httpRequestSettings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 },
};

export const SUITES: SuiteDefinition[] = [
	{
		id: 'engine',
		title: '1. Engine overhead: Thought Industries records through n8n vs a plain undici loop',
		script: 'engineOverhead.ts',
		args: { sizes: [100, 1000, 10000], rounds: [5, 5, 3], warmups: [2, 1, 0], keepAliveConnections: 16, profileAt: 1000 },
		quickArgs: { sizes: [100, 1000], rounds: [2, 2], warmups: [1, 0], keepAliveConnections: 16, profileAt: 0 },
		timeoutMs: 6 * 60_000,
		unavailable: () => missing('nodes/ThoughtIndustries/ThoughtIndustries.node.js', 'credentials/ThoughtIndustriesApi.credentials.js'),
		targets: [
			{ name: 'Engine overhead, N = 100 / 1,000 / 10,000', target: 'raw items/s ÷ node items/s <= 1.5' },
			{ name: 'Engine cost grows linearly with N', target: 'least-squares R² >= 0.99' },
		],
	},
	{
		id: 'tokens',
		title: '2. Token reuse: AcademyOcean OAuth2 client-credentials tokens',
		script: 'tokenReuse.ts',
		args: { rounds: 3, referenceRounds: 1, coldItems: 1000, warmExecutions: 10, warmItems: 100 },
		quickArgs: { rounds: 1, referenceRounds: 1, coldItems: 1000, warmExecutions: 10, warmItems: 10 },
		timeoutMs: 3 * 60_000,
		unavailable: () => missing('nodes/AcademyOcean/AcademyOcean.node.js', 'credentials/AcademyOceanOAuth2Api.credentials.js'),
		targets: [
			{ name: 'Token requests, cold 1,000-item execution', target: 'exactly 1' },
			{ name: 'Token requests, 10 warm executions after it', target: 'exactly 0' },
		],
	},
	{
		id: 'webhooks',
		title: '3. Webhook verification: the trigger and the verifiers vs the bare primitives',
		script: 'webhookVerification.ts',
		args: {
			rounds: 5,
			warmups: 1,
			academyOceanEvents: 20000,
			academyOceanMaxSeconds: 3,
			fillTo: 5000,
			jwtVerifications: 10000,
			distinctTokens: 500,
			canvasEvents: 10000,
			joseBatch: 32,
		},
		quickArgs: {
			rounds: 2,
			warmups: 1,
			academyOceanEvents: 5000,
			academyOceanMaxSeconds: 1,
			fillTo: 1000,
			jwtVerifications: 2000,
			distinctTokens: 100,
			canvasEvents: 10000,
			joseBatch: 32,
		},
		timeoutMs: 4 * 60_000,
		unavailable: () =>
			missing(
				'nodes/LearningPlatformTrigger/LearningPlatformTrigger.node.js',
				'credentials/AcademyOceanWebhookApi.credentials.js',
				'nodes/shared/crypto/jwtRs256.js',
			),
		targets: [
			{ name: 'AcademyOcean webhook() vs bare HMAC + parse', target: 'webhook()/s ÷ bare/s >= 0.8' },
			{ name: 'Canvas JWT verification vs jose jwtVerify (cached key)', target: 'ours/s ÷ jose/s >= 1.0' },
			{ name: 'JWKS fetches per 10,000 Canvas events', target: 'exactly 1' },
		],
	},
	{
		id: 'n8n',
		title: '4. Real n8n: verified webhooks into the Learning Platform Trigger vs the built-in Webhook node',
		script: 'realN8n.ts',
		args: { connections: 16, warmupSeconds: 3, roundSeconds: 6, rounds: 5 },
		quickArgs: { connections: 8, warmupSeconds: 1, roundSeconds: 3, rounds: 1 },
		timeoutMs: 6 * 60_000,
		unavailable: () =>
			missing('nodes/LearningPlatformTrigger/LearningPlatformTrigger.node.js') ??
			(['instance.ts', 'provision.ts', 'api.ts', 'stagePackage.ts'].every((file) => existsSync(`${ROOT}scripts/n8n/${file}`))
				? undefined
				: 'the real-n8n scripts (scripts/n8n/) are not in this checkout'),
		targets: [
			{ name: 'Real n8n: Learning Platform Trigger vs Webhook node', target: 'trigger webhooks/s ÷ Webhook node webhooks/s >= 0.95' },
		],
	},
	{
		id: 'memory',
		title: '5. Memory: 50,000 learners from the AcademyOcean learners action',
		script: 'memory.ts',
		args: { learners: 50000, rounds: 3 },
		quickArgs: { learners: 50000, rounds: 1 },
		timeoutMs: 5 * 60_000,
		unavailable: () => missing('nodes/AcademyOcean/AcademyOcean.node.js', 'credentials/AcademyOceanOAuth2Api.credentials.js'),
		targets: [{ name: 'Memory: peak RSS for 50,000 learners', target: 'report the multiple (no target set)' }],
	},
	{
		id: 'peers',
		title: PEERS_TITLE,
		script: 'peers.ts',
		// records.scenarios: one entry per Thought Industries set-up. The rate-limited row adds e.g.
		// { id: 'limiterOn', label: 'rate limiter on', fake: { <the fake's limit> }, nodeOptions: { <the node's
		// rate-limit options> }, httpRequestOptions: { batching: { batch: { batchSize, batchInterval } } },
		// httpRequestSettings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 } }.
		args: {
			webhooks: { connections: 8, warmupSeconds: 3, roundSeconds: 6, rounds: 5 },
			timingSample: 20,
			records: { records: 1000, rounds: 5, warmups: 1, scenarios: [{ id: 'limiterOff', label: 'rate limiter off' }, { id: 'limiterOn', label: 'rate limiter on', ...PEERS_LIMITER_ON }] },
			actions: { connections: 4, warmupSeconds: 3, roundSeconds: 6, rounds: 5, learners: 1000 },
		},
		quickArgs: {
			webhooks: { connections: 4, warmupSeconds: 1, roundSeconds: 2, rounds: 1 },
			timingSample: 5,
			records: { records: 200, rounds: 1, warmups: 0, scenarios: [{ id: 'limiterOff', label: 'rate limiter off' }, { id: 'limiterOn', label: 'rate limiter on', ...PEERS_LIMITER_ON }] },
			actions: { connections: 2, warmupSeconds: 1, roundSeconds: 2, rounds: 1, learners: 100 },
		},
		timeoutMs: 45 * 60_000,
		unavailable: () =>
			missing(
				'nodes/LearningPlatformTrigger/LearningPlatformTrigger.node.js',
				'nodes/ThoughtIndustries/ThoughtIndustries.node.js',
				'nodes/AcademyOcean/AcademyOcean.node.js',
			) ??
			(N8N_MAJOR < 2
				? `n8n ${N8N_VERSION}: the peers are built with n8n 2's nodes (the Crypto node's HMAC secret is a credential from n8n 2 on); run them on n8n 2.x`
				: undefined),
		targets: PEER_TARGETS,
	},
	{
		id: 'ratelimit',
		title: '7. Rate limits: bulk runs against rate-limited platforms',
		script: 'rateLimit.ts',
		// The standard plans scaled down so that a run takes about a minute: Thought Industries 120/min,
		// burst 20 -> 1,200/min, burst 20; AcademyOcean (Laravel) 60 per 60 s -> 60 per 15 s.
		args: {
			ti: { items: 1000, perMinute: 1200, burst: 20 },
			ao: { items: 300, limit: 60, windowSeconds: 15 },
			retry: { tries: 5, waitMs: 5000 },
			batching: { ti: { size: 20, intervalMs: 1000 }, ao: { size: 60, intervalMs: 15_000 } },
			realN8n: true,
			today: true,
		},
		quickArgs: {
			ti: { items: 200, perMinute: 1200, burst: 20 },
			ao: { items: 90, limit: 30, windowSeconds: 6 },
			retry: { tries: 2, waitMs: 1000 },
			batching: { ti: { size: 20, intervalMs: 1000 }, ao: { size: 30, intervalMs: 6000 } },
			realN8n: false,
			today: false,
		},
		timeoutMs: 45 * 60_000,
		unavailable: () => missing('nodes/shared/rateLimit/switch.js', 'nodes/ThoughtIndustries/ThoughtIndustries.node.js', 'nodes/AcademyOcean/AcademyOcean.node.js'),
		targets: [
			{ name: 'Thought Industries, 1,000 items: delivered exactly once', target: '100 % delivered, 0 duplicates' },
			{ name: "Thought Industries, 1,000 items: elapsed vs the limit's least time", target: '<= 1.1 x (N - burst) / rate' },
			{ name: 'Thought Industries, 1,000 items: 429 answers', target: '<= 2 % of requests' },
			{ name: 'AcademyOcean, 300 invites: delivered exactly once', target: '100 % delivered, 0 duplicates' },
			{ name: "AcademyOcean, 300 invites: elapsed vs the limit's least time", target: '<= 1.1 x (N - burst) / rate' },
			{ name: 'AcademyOcean, 300 invites: 429 answers', target: '<= 2 % of requests' },
		],
	},
	{
		id: 'delivery',
		title: '8. Delivery at scale: answers and throughput in one n8n process and in queue mode',
		script: 'delivery.ts',
		args: { concurrencies: [10, 50, 100], seconds: 15, warmupSeconds: 2, drainSeconds: 180, topologies: ['queue2', 'queue1', 'single'] },
		quickArgs: { concurrencies: [10, 50], seconds: 5, warmupSeconds: 1, drainSeconds: 60, topologies: ['queue2', 'queue1', 'single'] },
		timeoutMs: 60 * 60_000,
		unavailable: () =>
			missing('nodes/LearningPlatformTrigger/LearningPlatformTrigger.node.js', 'nodes/ThoughtIndustries/ThoughtIndustries.node.js') ??
			(existsSync(`${ROOT}scripts/queue/cluster.ts`) ? undefined : 'the queue-mode scripts (scripts/queue/) are not in this checkout'),
		targets: [
			{ name: 'Delivery: queue-mode scaling, 2 workers ÷ 1 worker', target: 'report the factor' },
			{ name: 'Delivery: highest concurrency with p99 < 15 s', target: 'report, per set-up' },
		],
	},
];
