/**
 * Benchmark 6 — rate limits. Bulk runs against the rate-limited fakes (each in its own process,
 * 127.0.0.1), side by side in one run:
 *   package      — the built nodes as they ship (paced, retry-safe), in n8n-core's engine;
 *   unpaced      — today's behaviour: the same build with its pacing switched off (every item at once);
 *   retryOnFail  — unpaced, with n8n's node setting Retry On Fail at its most patient (5 tries, 5 s apart);
 *   batching     — unpaced, with n8n's declarative batching option (requestOptions.batching, which
 *                  RoutingNode honours but neither node offers) added to the node and set by hand to
 *                  the documented limit;
 *   httpRequest  — what a user would otherwise build: n8n's HTTP Request node with its batching set
 *                  to the documented limit, in a real n8n (the sandbox install);
 *   packageInN8n — the package in the same real n8n.
 * Thought Industries: 1,000 course completions against a token bucket (the standard plan scaled to
 * 20/s, burst 20); AcademyOcean: 300 invites against Laravel's fixed window (scaled to 60 per 15 s).
 * Then the issue's "today" table again: its four runs, today's behaviour and this build.
 *
 * Args: JSON (see Args).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';

import type { RateLimitSettings } from '../../test/fakes/rateLimit/rateLimit.ts';
import { Engine } from '../../test/harness/engine.ts';
import type { NodeUnderTest, RunResult } from '../../test/harness/engine.ts';
import { COURSE_ID } from '../../test/harness/thoughtIndustriesFixture.ts';
import { ROOT, distCredential, distNode, fromDist } from '../lib/dist.ts';
import { FakeProcess, childMain, progress } from '../lib/processes.ts';
import { fmt } from '../lib/stats.ts';
import type { ChartBar, SuiteResult, Target } from '../lib/types.ts';

interface Args {
	ti: { items: number; perMinute: number; burst: number };
	ao: { items: number; limit: number; windowSeconds: number };
	retry: { tries: number; waitMs: number };
	batching: { ti: { size: number; intervalMs: number }; ao: { size: number; intervalMs: number } };
	realN8n: boolean;
	today: boolean;
}

type Platform = 'ti' | 'ao';
type Variant = 'package' | 'unpaced' | 'retryOnFail' | 'batching' | 'httpRequest' | 'packageInN8n';

const LABELS: Record<Variant, string> = {
	package: 'this package (defaults)',
	unpaced: "today's behaviour (the nodes with pacing switched off)",
	retryOnFail: "pacing off + n8n's Retry On Fail (5 tries, 5 s apart)",
	batching: "pacing off + n8n's batching set by hand to the limit",
	httpRequest: "n8n's HTTP Request node with batching set to the limit (real n8n)",
	packageInN8n: 'this package in a real n8n (defaults)',
};
const SHORT: Record<Variant, string> = {
	package: 'package',
	unpaced: 'pacing off',
	retryOnFail: 'Retry On Fail',
	batching: 'batching',
	httpRequest: 'HTTP Request',
	packageInN8n: 'package, real n8n',
};

interface Measured {
	platform: Platform;
	variant: Variant;
	items: number;
	delivered: number;
	/** Items sent (applied) more than once. */
	duplicated: number;
	/** Requests applied beyond one per item. */
	extraSends: number;
	limited: number;
	requests: number;
	seconds: number;
	outcome: string;
}

const TITLE = '7. Rate limits: bulk runs against rate-limited platforms';
const PACKAGE = 'n8n-nodes-learning-platforms';

const setPacing = (enabled: boolean) => fromDist<{ setPacingForComparisons(value: boolean): void }>('nodes/shared/rateLimit/switch.js').setPacingForComparisons(enabled);
const forgetBudgets = () => fromDist<{ forgetBudgets(): void }>('nodes/shared/rateLimit/budget.js').forgetBudgets();
const forgetTokens = () => fromDist<{ forgetClientCredentialsTokens(): void }>('nodes/shared/clientCredentialsToken.js').forgetClientCredentialsTokens();

/** n8n's declarative batching option, as n8n's own declarative nodes offer it, added to a node (the "set by hand" row). */
function withBatchingOption(node: INodeType): INodeType {
	const requestOptions: INodeProperties = {
		displayName: 'Request Options',
		name: 'requestOptions',
		type: 'collection',
		default: {},
		options: [
			{
				displayName: 'Batching',
				name: 'batching',
				type: 'fixedCollection',
				default: { batch: {} },
				options: [
					{
						displayName: 'Batching',
						name: 'batch',
						values: [
							{ displayName: 'Items per Batch', name: 'batchSize', type: 'number', default: 50 },
							{ displayName: 'Batch Interval (Ms)', name: 'batchInterval', type: 'number', default: 1000 },
						],
					},
				],
			},
		],
	};
	return Object.assign(Object.create(Object.getPrototypeOf(node) as object) as INodeType, node, {
		description: { ...node.description, properties: [...node.description.properties, requestOptions] },
	});
}

/** The least time the limit allows for n requests. */
function leastSeconds(platform: Platform, args: Args): number {
	if (platform === 'ti') return Math.max(0, args.ti.items - args.ti.burst) / (args.ti.perMinute / 60);
	return Math.floor((args.ao.items - 1) / args.ao.limit) * args.ao.windowSeconds;
}

function tiLimit(args: Args): RateLimitSettings {
	return { style: 'tokenBucket', perMinute: args.ti.perMinute, burst: args.ti.burst };
}
function aoLimit(args: Args): RateLimitSettings {
	return { style: 'fixedWindow', limit: args.ao.limit, windowSeconds: args.ao.windowSeconds };
}

const tiItems = (count: number) => Array.from({ length: count }, (_, index) => ({ email: `learner${index}@example.com` }));
const aoItems = (count: number) => Array.from({ length: count }, (_, index) => ({ email: `invitee${index}@example.com`, name: `Invitee ${index}` }));

interface FakeStats {
	admitted?: number;
	limited?: number;
}

async function countAtFake(fake: FakeProcess, items: number): Promise<Pick<Measured, 'delivered' | 'duplicated' | 'extraSends' | 'limited' | 'requests'>> {
	const records = await fake.call<Record<string, number>>('records');
	const rate = await fake.call<FakeStats>('rateLimit');
	const counts = Object.values(records);
	return {
		delivered: Math.min(items, counts.filter((count) => count >= 1).length),
		duplicated: counts.filter((count) => count > 1).length,
		extraSends: counts.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
		limited: rate.limited ?? 0,
		requests: (rate.admitted ?? 0) + (rate.limited ?? 0),
	};
}

function outcomeOf(result: RunResult): string {
	if (result.status === 'success') {
		const errors = result.items.filter((item) => item.json.error).length;
		return errors ? `success with ${errors} error items` : 'success';
	}
	return `failed: ${String(result.error?.message ?? result.status).slice(0, 160)}`;
}

// RoutingNode with batching sleeps between batches while earlier items' requests may already have
// failed; their rejections are handled only after the loop (Promise.allSettled). n8n's own process
// logs such a rejection and carries on; so does this one, instead of Node's default of exiting.
process.on('unhandledRejection', () => undefined);

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const ti = await FakeProcess.start('thoughtIndustries', { rateLimit: tiLimit(args), items: Math.max(args.ti.items, 1000) });
	const ao = await FakeProcess.start('academyOcean', { rateLimit: aoLimit(args) });
	try {
		return await measure(args, ti, ao);
	} finally {
		setPacing(true);
		await ti.stop();
		await ao.stop();
	}
});

async function measure(args: Args, ti: FakeProcess, ao: FakeProcess): Promise<SuiteResult> {
	const { apiKey } = await ti.call<{ apiKey: string }>('config');
	const { clientId, clientSecret } = await ao.call<{ clientId: string; clientSecret: string }>('config');
	const thoughtIndustries = distNode('nodes/ThoughtIndustries/ThoughtIndustries.node.js', 'ThoughtIndustries');
	const academyOcean = distNode('nodes/AcademyOcean/AcademyOcean.node.js', 'AcademyOcean');
	const engine = new Engine({
		nodeTypes: {
			thoughtIndustries,
			academyOcean,
			thoughtIndustriesBatching: withBatchingOption(thoughtIndustries),
			academyOceanBatching: withBatchingOption(academyOcean),
		},
		credentialTypes: [
			distCredential('credentials/ThoughtIndustriesApi.credentials.js', 'ThoughtIndustriesApi'),
			distCredential('credentials/AcademyOceanOAuth2Api.credentials.js', 'AcademyOceanOAuth2Api'),
		],
	});

	const tiNode = (type = 'thoughtIndustries', extra: Partial<NodeUnderTest> = {}, parameters: IDataObject = {}): NodeUnderTest => ({
		type,
		parameters: {
			resource: 'course',
			operation: 'recordExternalActivity',
			courseIdentifier: 'id',
			courseId: COURSE_ID,
			learnerIdentifier: 'email',
			userEmail: '={{ $json.email }}',
			...parameters,
		},
		credentials: { thoughtIndustriesApi: engine.credentials.add('thoughtIndustriesApi', { instanceUrl: ti.url, apiKey }) },
		...extra,
	});
	const aoCredential = () => engine.credentials.add('academyOceanOAuth2Api', { clientId, clientSecret, baseUrl: ao.url });
	const aoNode = (operation: 'create' | 'check', type = 'academyOcean', extra: Partial<NodeUnderTest> = {}, parameters: IDataObject = {}, credential = aoCredential()): NodeUnderTest => ({
		type,
		parameters:
			operation === 'create'
				? { resource: 'invite', operation: 'create', invitees: { invitee: [{ email: '={{ $json.email }}', name: '={{ $json.name }}', type: 'learner' }] }, sendEmail: false, ...parameters }
				: { resource: 'invite', operation: 'check', emails: '={{ $json.email }}', ...parameters },
		credentials: { academyOceanOAuth2Api: credential },
		...extra,
	});

	/** One engine run from a fresh limiter, budget and token, counted at the fake. */
	async function engineRun(platform: Platform, variant: Variant, node: NodeUnderTest, items: IDataObject[], limit: RateLimitSettings, paced: boolean): Promise<Measured> {
		const fake = platform === 'ti' ? ti : ao;
		await fake.call('configureRateLimit', limit);
		await fake.call('reset');
		forgetBudgets();
		forgetTokens();
		setPacing(paced);
		const started = performance.now();
		const result = await engine.run(node, items);
		const seconds = (performance.now() - started) / 1000;
		setPacing(true);
		const counted = await countAtFake(fake, items.length);
		const measured = { platform, variant, items: items.length, seconds, outcome: outcomeOf(result), ...counted };
		progress(`${platform} ${variant}: ${measured.delivered}/${measured.items} delivered, ${measured.duplicated} duplicated, ${measured.limited} 429s of ${measured.requests}, ${fmt(seconds, 1)} s, ${measured.outcome}`);
		return measured;
	}

	const batchOf = (platform: Platform) => {
		const { size, intervalMs } = args.batching[platform];
		return { requestOptions: { batching: { batch: { batchSize: size, batchInterval: intervalMs } } } };
	};
	const retrying = { retryOnFail: true, maxTries: args.retry.tries, waitBetweenTries: args.retry.waitMs };
	const results: Measured[] = [];
	for (const platform of ['ti', 'ao'] as const) {
		const items = platform === 'ti' ? tiItems(args.ti.items) : aoItems(args.ao.items);
		const limit = platform === 'ti' ? tiLimit(args) : aoLimit(args);
		const node = (type?: string, extra?: Partial<NodeUnderTest>, parameters?: IDataObject) =>
			platform === 'ti' ? tiNode(type, extra, parameters) : aoNode('create', type, extra, parameters);
		const batchingType = platform === 'ti' ? 'thoughtIndustriesBatching' : 'academyOceanBatching';
		results.push(await engineRun(platform, 'package', node(), items, limit, true));
		results.push(await engineRun(platform, 'unpaced', node(), items, limit, false));
		results.push(await engineRun(platform, 'retryOnFail', node(undefined, retrying), items, limit, false));
		results.push(await engineRun(platform, 'batching', node(batchingType, {}, batchOf(platform)), items, limit, false));
	}

	let realN8nNote = 'not run (--quick)';
	if (args.realN8n) {
		const real = await realN8nRows(args, ti, ao, apiKey, { clientId, clientSecret });
		results.push(...real.rows);
		realN8nNote = real.note;
	}

	/** The issue's "today" table, rerun: today's behaviour (pacing off) and this build, same limiter. */
	async function todayTable(): Promise<TodayRow[]> {
		// The issue's limiter: Thought Industries 20 requests/s, burst 20, 429 + Retry-After: 1; AcademyOcean 60/minute.
		const tiToday: RateLimitSettings = { style: 'tokenBucket', perMinute: 1200, burst: 20, retryAfterSeconds: 1 };
		const aoToday: RateLimitSettings = { style: 'fixedWindow', limit: 60, windowSeconds: 60 };
		const describe = (measured: Measured) =>
			`${measured.outcome.startsWith('failed') ? 'fails' : measured.outcome}; ${measured.delivered} of ${measured.items} recorded` +
			`${measured.duplicated ? `, ${measured.duplicated} more than once (${measured.extraSends} extra)` : ''}; ${measured.limited} 429s; ${fmt(measured.seconds, 1)} s`;
		const rows: TodayRow[] = [];
		const tiRuns: Array<[string, string, Partial<NodeUnderTest>]> = [
			['Thought Industries, 1,000 items, Continue On Fail off', 'fails after ~4 s "at item 20"; ~47 recorded, not a clean prefix', {}],
			['same, Continue On Fail on', '"success" with 953 error items to re-feed by hand', { onError: 'continueRegularOutput' }],
			['same, node setting Retry On Fail (3 × 1 s)', 'the first ~20 recorded 3 times, and the run still fails', { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 }],
		];
		for (const [run, issue, settings] of tiRuns) {
			const before = await engineRun('ti', 'unpaced', tiNode(undefined, settings), tiItems(1000), tiToday, false);
			const after = await engineRun('ti', 'package', tiNode(undefined, settings), tiItems(1000), tiToday, true);
			rows.push({ run, issue, today: describe(before), now: describe(after), exactlyOnce: after.delivered === after.items && after.duplicated === 0 && after.outcome === 'success' });
		}
		// AcademyOcean Invite -> Check, 100 items at 60/min: the two nodes one after the other on one
		// credential and one window, as n8n runs them.
		const invitees = aoItems(100);
		const chain = async (paced: boolean): Promise<{ text: string; once: boolean }> => {
			await ao.call('configureRateLimit', aoToday);
			await ao.call('reset');
			forgetBudgets();
			forgetTokens();
			setPacing(paced);
			const credential = aoCredential();
			const started = performance.now();
			const invite = await engine.run(aoNode('create', undefined, {}, {}, credential), invitees);
			const check = invite.status === 'success' ? await engine.run(aoNode('check', undefined, {}, {}, credential), invitees) : undefined;
			const seconds = (performance.now() - started) / 1000;
			setPacing(true);
			const counted = await countAtFake(ao, invitees.length);
			const checked = check?.status === 'success' ? check.items.filter((item) => !item.json.error).length : 0;
			const failed = check ? (check.status === 'success' ? undefined : `Check fails: ${check.error?.message}`) : `Invite fails: ${invite.error?.message}`;
			progress(`ao invite -> check ${paced ? 'paced' : 'unpaced'}: ${counted.delivered} invited, ${checked} checked, ${counted.limited} 429s, ${fmt(seconds, 1)} s${failed ? `, ${failed}` : ''}`);
			return {
				text: `${failed ? `${String(failed).slice(0, 120)}; ` : 'success; '}${counted.delivered} of 100 invited${counted.duplicated ? ` (${counted.duplicated} sent more than once)` : ''}, ${checked} of 100 checked; ${counted.limited} 429s; ${fmt(seconds, 1)} s`,
				once: !failed && counted.delivered === 100 && counted.duplicated === 0 && checked === 100,
			};
		};
		const beforeAo = await chain(false);
		const afterAo = await chain(true);
		rows.push({ run: 'AcademyOcean Invite → Check, 100 items at 60/min', issue: '40 items fail', today: beforeAo.text, now: afterAo.text, exactlyOnce: afterAo.once });
		return rows;
	}

	const today = args.today ? await todayTable() : [];
	return report(args, results, today, realN8nNote);
}

interface TodayRow {
	run: string;
	issue: string;
	today: string;
	now: string;
	exactlyOnce: boolean;
}

async function scriptModule<T>(file: string): Promise<T> {
	return (await import(pathToFileURL(`${ROOT}scripts/n8n/${file}`).href)) as T;
}

interface N8nInstance {
	url: string;
	stop(): Promise<void>;
}
interface N8nApi {
	signIn(owner: { email: string; password: string; firstName: string; lastName: string }, apiKey?: string): Promise<string>;
	createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string>;
	createWorkflow(workflow: { name: string; nodes: unknown[]; connections: Record<string, unknown>; settings?: Record<string, unknown> }): Promise<{ id: string }>;
	publish(id: string): Promise<void>;
	unpublish(id: string): Promise<void>;
	public<T>(method: string, path: string, body?: unknown): Promise<T>;
}
// A throwaway owner of a loopback-only instance in a git-ignored folder.
const OWNER = { email: 'bench@example.com', password: 'Bench-only-1234', firstName: 'Bench', lastName: 'Runner' };

/** Webhook (answers when the last node is done) -> Code (the items) -> the node under test. */
function workflowFor(name: string, items: IDataObject[], last: Record<string, unknown>): { workflow: Parameters<N8nApi['createWorkflow']>[0]; path: string } {
	const path = `bench-ratelimit-${randomUUID()}`;
	const webhook = {
		id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
	};
	const code = {
		id: randomUUID(), name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
		parameters: { jsCode: `return ${JSON.stringify(items.map((json) => ({ json })))};` },
	};
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		path,
		workflow: {
			name: `Bench rate limit: ${name}`,
			nodes: [webhook, code, { id: randomUUID(), name: 'Send', position: [440, 0], ...last }],
			connections: { Webhook: to('Items'), Items: to('Send') },
			settings: { executionOrder: 'v1' },
		},
	};
}

/**
 * The real-n8n rows: n8n's HTTP Request node with its batching set to the limit (what a user would
 * otherwise build), and the package, in the sandbox's n8n install, against the same fakes.
 */
async function realN8nRows(args: Args, ti: FakeProcess, ao: FakeProcess, apiKey: string, aoClient: { clientId: string; clientSecret: string }): Promise<{ rows: Measured[]; note: string }> {
	const provision = await scriptModule<{ isProvisioned(): boolean }>('provision.ts');
	const paths = await scriptModule<{ N8N_VERSION: string; installDir(): string; sandboxRoot: string }>('paths.ts');
	if (!provision.isProvisioned()) {
		return { rows: [], note: `not run: no provisioned n8n at ${paths.installDir()} (run \`npm start\` once, about 5 minutes, then the benchmarks again)` };
	}
	const { startN8n } = await scriptModule<{ startN8n(options: { userFolder: string; log?: (line: string) => void; startTimeoutMs?: number }): Promise<N8nInstance> }>('instance.ts');
	const { stagePackage } = await scriptModule<{ stagePackage(userFolder: string): unknown }>('stagePackage.ts');
	const { N8nApi } = await scriptModule<{ N8nApi: new (url: string) => N8nApi }>('api.ts');
	const userFolder = `${paths.sandboxRoot}/bench-ratelimit-n8n`;
	stagePackage(userFolder);
	const n8n = await startN8n({ userFolder, log: (line) => progress(line), startTimeoutMs: 5 * 60_000 });
	const rows: Measured[] = [];
	try {
		const api = new N8nApi(n8n.url);
		const keyFile = `${userFolder}/bench-api-key`;
		const key = await api.signIn(OWNER, existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
		writeFileSync(keyFile, key, { mode: 0o600 });
		const existing = await api.public<{ data: Array<{ id: string; active: boolean }> }>('GET', '/workflows?limit=250');
		for (const workflow of existing.data) {
			if (workflow.active) await api.unpublish(workflow.id);
			await api.public('DELETE', `/workflows/${workflow.id}`);
		}
		// The HTTP Request node authenticates with a header: for AcademyOcean a token fetched once, as a user would paste it.
		const tokenResponse = await fetch(`${ao.url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: aoClient.clientId, client_secret: aoClient.clientSecret, scope: '' }),
		});
		const { access_token: aoToken } = (await tokenResponse.json()) as { access_token: string };
		const credential = async (name: string, type: string, data: Record<string, unknown>) => ({ [type]: { id: await api.createCredential(name, type, data), name } });
		const tiPackage = await credential('Bench TI', 'thoughtIndustriesApi', { instanceUrl: ti.url, apiKey, jwtSecret: '' });
		const aoPackage = await credential('Bench AO', 'academyOceanOAuth2Api', { clientId: aoClient.clientId, clientSecret: aoClient.clientSecret, baseUrl: ao.url });
		const tiHeader = await credential('Bench TI header', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${apiKey}` });
		const aoHeader = await credential('Bench AO header', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${aoToken}` });

		const httpRequest = (platform: Platform) => {
			const { size, intervalMs } = args.batching[platform];
			const common = {
				type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2,
				credentials: platform === 'ti' ? tiHeader : aoHeader,
			};
			const options = { batching: { batch: { batchSize: size, batchInterval: intervalMs } } };
			if (platform === 'ti') {
				return {
					...common,
					parameters: {
						method: 'POST', url: `${ti.url}/incoming/v2/courseExternalActivity`, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth',
						sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify({ courseId: '${COURSE_ID}', userEmail: $json.email }) }}`, options,
					},
				};
			}
			return {
				...common,
				parameters: {
					method: 'POST', url: `${ao.url}/api/v1/`, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth',
					sendBody: true, contentType: 'form-urlencoded',
					bodyParameters: {
						parameters: [
							{ name: 'action', value: 'inviteLearners' },
							{ name: 'options[learners][0][email]', value: '={{ $json.email }}' },
							{ name: 'options[learners][0][name]', value: '={{ $json.name }}' },
							{ name: 'options[learners][0][type]', value: 'learner' },
						],
					},
					options,
				},
			};
		};
		const packageNode = (platform: Platform) =>
			platform === 'ti'
				? {
						type: `${PACKAGE}.thoughtIndustries`, typeVersion: 1, credentials: tiPackage,
						parameters: { resource: 'course', operation: 'recordExternalActivity', courseIdentifier: 'id', courseId: COURSE_ID, learnerIdentifier: 'email', userEmail: '={{ $json.email }}' },
					}
				: {
						type: `${PACKAGE}.academyOcean`, typeVersion: 1, credentials: aoPackage,
						parameters: { resource: 'invite', operation: 'create', invitees: { invitee: [{ email: '={{ $json.email }}', name: '={{ $json.name }}', type: 'learner' }] }, sendEmail: false },
					};

		for (const platform of ['ti', 'ao'] as const) {
			const fake = platform === 'ti' ? ti : ao;
			const items = platform === 'ti' ? tiItems(args.ti.items) : aoItems(args.ao.items);
			for (const variant of ['httpRequest', 'packageInN8n'] as const) {
				const { workflow, path } = workflowFor(`${platform} ${variant}`, items, variant === 'httpRequest' ? httpRequest(platform) : packageNode(platform));
				const { id } = await api.createWorkflow(workflow);
				await api.publish(id);
				const url = `${n8n.url}/webhook/${path}`;
				await fake.call('configureRateLimit', platform === 'ti' ? tiLimit(args) : aoLimit(args));
				await fake.call('reset');
				let started = performance.now();
				let response: Response;
				let text: string;
				// n8n registers a published workflow's webhook shortly after the publish call answers; a
				// 404 "not registered" ran nothing, so it is sent again (bounded).
				for (const deadline = Date.now() + 60_000; ; ) {
					started = performance.now();
					response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(15 * 60_000) });
					text = await response.text();
					if (response.status !== 404 || !/not registered/.test(text) || Date.now() > deadline) break;
					await new Promise((resolve) => setTimeout(resolve, 500));
				}
				const seconds = (performance.now() - started) / 1000;
				const counted = await countAtFake(fake, items.length);
				const outcome = response.ok ? 'success' : `failed (${response.status}): ${text.slice(0, 160)}`;
				rows.push({ platform, variant, items: items.length, seconds, outcome, ...counted });
				progress(`${platform} ${variant}: ${counted.delivered}/${items.length} delivered, ${counted.duplicated} duplicated, ${counted.limited} 429s, ${fmt(seconds, 1)} s, ${outcome}`);
				await api.unpublish(id);
			}
		}
		return {
			rows,
			note: `n8n ${paths.N8N_VERSION} from the sandbox install on 127.0.0.1 (user folder .n8n-sandbox/bench-ratelimit-n8n), the built package staged as a community package; each workflow is Webhook (answers when the last node is done) -> Code (the items) -> the node; the HTTP Request node (v4.2) with Batching set to the limit and header authentication (for AcademyOcean a token fetched once); timed from the webhook call to its answer`,
		};
	} finally {
		await n8n.stop();
	}
}

function report(args: Args, results: Measured[], today: TodayRow[], realN8nNote: string): SuiteResult {
	const find = (platform: Platform, variant: Variant) => results.find((row) => row.platform === platform && row.variant === variant);
	const targets: Target[] = [];
	const bars: ChartBar[] = [];
	for (const platform of ['ti', 'ao'] as const) {
		const row = find(platform, 'package') as Measured;
		const name = platform === 'ti' ? `Thought Industries, ${args.ti.items.toLocaleString('en-US')} items` : `AcademyOcean, ${args.ao.items} invites`;
		const least = leastSeconds(platform, args);
		const ratio = row.seconds / least;
		const share429 = row.requests ? row.limited / row.requests : 0;
		targets.push(
			{ name: `${name}: delivered exactly once`, target: '100 % delivered, 0 duplicates', measured: `${fmt((100 * row.delivered) / row.items, 1)} %, ${row.duplicated} duplicates`, verdict: row.delivered === row.items && row.duplicated === 0 ? 'met' : 'missed' },
			{ name: `${name}: elapsed vs the limit's least time`, target: '<= 1.1 x (N - burst) / rate', measured: `${fmt(ratio, 3)}x (${fmt(row.seconds, 1)} s vs ${fmt(least, 1)} s)`, verdict: ratio <= 1.1 ? 'met' : 'missed' },
			{ name: `${name}: 429 answers`, target: '<= 2 % of requests', measured: `${fmt(100 * share429, 2)} % (${row.limited} of ${row.requests})`, verdict: share429 <= 0.02 ? 'met' : 'missed' },
		);
		bars.push({ label: `${platform === 'ti' ? 'TI' : 'AO'}: elapsed / least time`, value: ratio, target: 1.1, higherIsBetter: false, unit: 'x' });
		bars.push({ label: `${platform === 'ti' ? 'TI' : 'AO'}: delivered once`, value: row.delivered / row.items, target: 1, higherIsBetter: true, unit: '' });
	}
	const variants = [...new Set(results.map((row) => row.variant))];
	const rowsFor = (platform: Platform) =>
		results
			.filter((row) => row.platform === platform)
			.map((row) => [
				LABELS[row.variant],
				`${row.delivered} / ${row.items}`,
				String(row.duplicated),
				String(row.extraSends),
				`${row.limited} (${fmt(row.requests ? (100 * row.limited) / row.requests : 0, 1)} %)`,
				fmt(row.seconds, 1),
				fmt(row.seconds / leastSeconds(platform, args), 2),
				row.outcome,
			]);
	const headers = ['run', 'delivered', 'items duplicated', 'extra sends', '429s', 'seconds', 'x least time', 'outcome'];
	const tables = [
		{ caption: `Thought Industries: ${args.ti.items.toLocaleString('en-US')} course completions, token bucket ${args.ti.perMinute}/min, burst ${args.ti.burst} (least time ${fmt(leastSeconds('ti', args), 1)} s)`, table: { headers, rows: rowsFor('ti') } },
		{ caption: `AcademyOcean: ${args.ao.items} invites, Laravel fixed window ${args.ao.limit} per ${args.ao.windowSeconds} s (least time ${fmt(leastSeconds('ao', args), 1)} s)`, table: { headers, rows: rowsFor('ao') } },
	];
	if (today.length) {
		tables.push({
			caption: "The issue's \"today\" table rerun (Thought Industries 20/s, burst 20, 429 + Retry-After: 1; AcademyOcean 60/minute)",
			table: { headers: ['run', 'in the issue', "today's behaviour, measured now", 'this build', 'every item exactly once'], rows: today.map((row) => [row.run, row.issue, row.today, row.now, row.exactlyOnce ? 'yes' : 'no']) },
		});
	}
	return {
		id: 'ratelimit',
		title: TITLE,
		method: [
			'Fakes from test/fakes in their own processes on 127.0.0.1 (bench/servers/fakeHost.ts, rateLimitedFakes.ts), each behind its limiter (test/fakes/rateLimit): Thought Industries a token bucket per API key with X-RateLimit-Limit/Remaining/Reset and the documented 429 body; AcademyOcean Laravel\'s fixed window per token with its stock 429 body. A fresh limiter, budget and token before every run.',
			`Engine rows: the built nodes (dist/) through n8n-core's WorkflowExecute + RoutingNode (test/harness/engine.ts), Manual Trigger -> node. "Pacing switched off" uses the package's comparison switch (nodes/shared/rateLimit/switch.ts), which no user setting reaches. Retry On Fail: ${args.retry.tries} tries, ${args.retry.waitMs} ms apart (n8n's maximum). Batching: n8n's declarative requestOptions.batching added to the node's description as n8n's own declarative nodes offer it, set to ${args.batching.ti.size} per ${args.batching.ti.intervalMs} ms (TI) and ${args.batching.ao.size} per ${args.batching.ao.intervalMs} ms (AO).`,
			`Real n8n rows: ${realN8nNote}.`,
			'Delivered: items the fake applied at least once; duplicated: items applied more than once (for AcademyOcean an invite sent again counts, the second may email). Least time: (N - burst) / rate for the bucket, whole windows for the fixed window.',
		],
		tables,
		targets,
		evidence: [],
		bars,
		groups: [
			{
				title: 'Items delivered exactly once',
				unit: '%',
				categories: variants.map((variant) => SHORT[variant]),
				series: (['ti', 'ao'] as const).map((platform) => ({
					name: platform === 'ti' ? 'Thought Industries' : 'AcademyOcean',
					values: variants.map((variant) => {
						const row = find(platform, variant);
						return row ? (100 * (row.delivered - row.duplicated)) / row.items : 0;
					}),
				})),
			},
		],
	};
}
