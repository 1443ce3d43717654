/**
 * Thought Industries peers: N course external activity records through the Thought Industries node vs
 * through n8n's HTTP Request node with the same credential (a predefined credential type) and the same
 * JSON body, one execution of N items each, to the same fake in its own process.
 *
 * A scenario sets what the fake enforces and what each workflow does about it, so the rate-limited
 * variant is one more entry of `scenarios` (see RecordsScenario), not new code.
 */
import { COURSE_ID, LEARNER_EMAIL } from '../../../test/harness/thoughtIndustriesFixture.ts';
import { FakeProcess, progress } from '../../lib/processes.ts';
import { fmt, median } from '../../lib/stats.ts';
import { post } from './load.ts';
import type { PeerSession } from './session.ts';
import { PLATFORM_ORIGINS, instantiate, loadPeerWorkflow } from './workflows.ts';

export interface RecordsScenario {
	/** Short id, e.g. "limiterOff". */
	id: string;
	/** What the README row says, e.g. "rate limiter off". */
	label: string;
	/** Options for the fake (bench/servers/fakeHost.ts `thoughtIndustries`), e.g. its rate limit. */
	fake?: Record<string, unknown>;
	/** Merged into the Thought Industries node's `options` (e.g. its rate-limit options). */
	nodeOptions?: Record<string, unknown>;
	/** Merged into the HTTP Request node's `options` (e.g. `batching`). */
	httpRequestOptions?: Record<string, unknown>;
	/** Node settings of the HTTP Request node (e.g. `retryOnFail`, `maxTries`, `waitBetweenTries`). */
	httpRequestSettings?: Record<string, unknown>;
}

export interface RecordsArgs {
	records: number;
	rounds: number;
	warmups: number;
	scenarios: RecordsScenario[];
}

interface FakeStats {
	requests: number;
	/** TCP connections the fake accepted, and the most open at once. */
	connections: number;
	peakOpen: number;
	statuses: Record<string, number>;
	activities: number;
}

interface Sample {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string;
}

export interface RecordsRound {
	seconds: number;
	status: number;
	recorded: number;
	requests: number;
	connections: number;
	peakOpen: number;
	statuses: Record<string, number>;
}

export interface RecordsResult {
	scenario: RecordsScenario;
	records: number;
	/** contender key -> rounds */
	rounds: Record<'node' | 'peer', RecordsRound[]>;
	rate: Record<'node' | 'peer', number>;
	/** What each sent for one record, to show the bodies are the same. */
	samples: Record<'node' | 'peer', Sample>;
}

const CONTENDERS = [
	{ key: 'node', file: 'thought-industries-records.node.json' },
	{ key: 'peer', file: 'thought-industries-records.peer.json' },
] as const;

function batch(size: number, offset: number) {
	const records = Array.from({ length: size }, (_, index) => ({
		courseId: COURSE_ID,
		email: LEARNER_EMAIL,
		completionDate: new Date(Date.UTC(2026, 0, 1) + (offset + index) * 60_000).toISOString(),
	}));
	return { body: JSON.stringify({ records }), headers: { 'content-type': 'application/json' } };
}

async function scenarioRun(session: PeerSession, scenario: RecordsScenario, args: RecordsArgs): Promise<RecordsResult> {
	const fake = await FakeProcess.start('thoughtIndustries', scenario.fake ?? {});
	try {
		const { apiKey } = await fake.call<{ apiKey: string }>('config');
		const credentials = {
			thoughtIndustriesApi: await session.credential('thoughtIndustriesApi', `Bench Thought Industries (${scenario.id})`, { instanceUrl: fake.url, apiKey, jwtSecret: '' }),
		};
		const urls = {} as Record<'node' | 'peer', string>;
		for (const { key, file } of CONTENDERS) {
			const instance = instantiate(loadPeerWorkflow(file), {
				credentials,
				origins: { [PLATFORM_ORIGINS.thoughtIndustries]: fake.url },
				parameters: {
					'Record Course Activity': key === 'node' ? { options: scenario.nodeOptions ?? {} } : { options: scenario.httpRequestOptions ?? {} },
				},
				settings: key === 'peer' ? { 'Record Course Activity': scenario.httpRequestSettings ?? {} } : {},
				suffix: `(bench ${scenario.id})`,
			});
			urls[key] = (await session.publish(instance)).url;
		}

		let offset = 0;
		const once = async (key: 'node' | 'peer', size: number): Promise<RecordsRound> => {
			await fake.call('reset');
			const delivery = batch(size, offset);
			offset += size;
			const started = performance.now();
			const { status, text } = await post(urls[key], delivery, 15 * 60_000);
			const seconds = (performance.now() - started) / 1000;
			const stats = await fake.call<FakeStats>('stats');
			if (status !== 200 || stats.activities !== size) {
				// Records lost to a platform's limits are a result; nothing recorded at all means the run is broken.
				const what = `records (${scenario.id}) ${key}: answered ${status}, ${stats.activities} of ${size} recorded: ${text.slice(0, 300)}`;
				if (stats.activities === 0) throw new Error(what);
				progress(what);
			}
			return {
				seconds,
				status,
				recorded: stats.activities,
				requests: stats.requests,
				connections: stats.connections,
				peakOpen: stats.peakOpen,
				statuses: stats.statuses,
			};
		};

		// What each sends for one record: the same request, byte for byte in what matters.
		const samples = {} as RecordsResult['samples'];
		for (const { key } of CONTENDERS) {
			const probe = await once(key, 1);
			if (probe.status !== 200 || probe.recorded !== 1) throw new Error(`the ${key} workflow did not record a probe record (answered ${probe.status})`);
			samples[key] = await fake.call<Sample>('sample');
		}
		for (let warmup = 0; warmup < args.warmups; warmup++) for (const { key } of CONTENDERS) await once(key, args.records);
		const rounds: RecordsResult['rounds'] = { node: [], peer: [] };
		for (let index = 0; index < args.rounds; index++) {
			const order = index % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
			for (const { key } of order) rounds[key].push(await once(key, args.records));
			progress(
				`records (${scenario.id}) round ${index + 1}/${args.rounds}: ` +
					CONTENDERS.map(({ key }) => {
						const last = rounds[key].at(-1) as RecordsRound;
						return `${key} ${fmt(last.recorded / last.seconds)} records/s (${last.recorded} recorded, answered ${last.status}, ${last.connections} connections, ${last.peakOpen} open at once)`;
					}).join(', '),
			);
		}
		const rate = (key: 'node' | 'peer') => median(rounds[key].map((entry) => entry.recorded / entry.seconds));
		return { scenario, records: args.records, rounds, rate: { node: rate('node'), peer: rate('peer') }, samples };
	} finally {
		await fake.stop();
	}
}

export async function recordsPeers(session: PeerSession, args: RecordsArgs): Promise<RecordsResult[]> {
	const results: RecordsResult[] = [];
	for (const scenario of args.scenarios) results.push(await scenarioRun(session, scenario, args));
	return results;
}
