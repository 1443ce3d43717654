// Claims on deliveries against the harness's model of n8n 2.41's processed-data store: a read, an
// await, then an insert or a whole-row update, no transaction (packages/cli/src/deduplication/
// deduplication-helper.ts). Several "processes" (each with its own in-process queue, as separate n8n
// processes have) share one table, as n8n's main, webhook and worker processes share one database.
import fc from 'fast-check';

import type { ClaimResult, ClaimSettings } from '../../nodes/LearningPlatformTrigger/deliveryClaims';
import { claimDeliveries, settleDeliveries, slotMs } from '../../nodes/LearningPlatformTrigger/deliveryClaims';
import type { BatchEnvironment } from '../../nodes/LearningPlatformTrigger/deliveryBatches';
import { ProcessDeliveries } from '../../nodes/LearningPlatformTrigger/deduplication';
import type { LockTiming, ProcessedDataStore } from '../../nodes/LearningPlatformTrigger/processedDataLock';
import { withWorkflowLock } from '../../nodes/LearningPlatformTrigger/processedDataLock';
import { nodeHelpers, ProcessedDataHelperModel, ProcessedDataTable } from '../harness/processedData.ts';

const WORKFLOW = { id: 'workflow-1' };
const NODE = { id: 'trigger-1' };
const SETTINGS: ClaimSettings = { leaseMs: 300_000, maxEntries: 5000 };
const SEED = 20261130;

/** What `this.helpers` gives the trigger's execute step in n8n: the helper bound to its workflow and node. */
const storeOf = (helper: ProcessedDataHelperModel): ProcessedDataStore => nodeHelpers(helper, WORKFLOW.id, NODE.id);

/** One n8n process: its own in-process queue in front of the shared database lock. */
function n8nProcess(helper: ProcessedDataHelperModel, clock: () => number = () => Date.now(), timing: Partial<LockTiming> = {}, settings = SETTINGS) {
	const local = new ProcessDeliveries();
	const store = storeOf(helper);
	const lockTiming: LockTiming = { breakAfterMs: 5000, giveUpAfterMs: 10_000, now: clock, ...timing };
	const locked = async <T>(task: () => Promise<T>): Promise<T> => {
		const outcome = await local.serialized(WORKFLOW.id, async () => await withWorkflowLock(store, task, lockTiming));
		if (!('value' in outcome)) throw new Error(outcome.message);
		return outcome.value;
	};
	return {
		store,
		claim: async (key: string) => await locked(async () => (await claimDeliveries(store, [key], settings, clock())).get(key) as ClaimResult),
		complete: async (key: string, claim: string) => await locked(async () => await settleDeliveries(store, [{ key, claim }], [], settings)),
		release: async (claim: string) => await locked(async () => await settleDeliveries(store, [], [claim], settings)),
	};
}

const newHelper = () => new ProcessedDataHelperModel(new ProcessedDataTable());

describe("n8n's processed-data helper alone (the model of its source)", () => {
	test('two processes checking the same new delivery at the same moment are both told it is new', async () => {
		const helper = newHelper();
		const [a, b] = [storeOf(helper), storeOf(helper)];
		await a.checkProcessedAndRecord(['earlier'], 'node', { mode: 'entries' });
		const results = await Promise.all([a, b].map(async (store) => await store.checkProcessedAndRecord(['delivery-1'], 'node', { mode: 'entries' })));
		expect(results.map((result) => result.new)).toEqual([['delivery-1'], ['delivery-1']]);
	});

	test('concurrent records of different deliveries overwrite each other (last write wins)', async () => {
		const helper = newHelper();
		const store = storeOf(helper);
		await store.checkProcessedAndRecord(['first'], 'node', { mode: 'entries' });
		const keys = Array.from({ length: 20 }, (_, index) => `delivery-${index}`);
		await Promise.all(keys.map(async (key) => await store.checkProcessedAndRecord([key], 'node', { mode: 'entries' })));
		const kept = keys.filter((key) => helper.nodeHas(WORKFLOW.id, NODE.id, key));
		expect(kept.length).toBeLessThan(keys.length);
	});

	test('the first insert of a row is the one atomic step: a second concurrent insert fails on the primary key', async () => {
		const helper = newHelper();
		const outcomes = await Promise.allSettled([1, 2].map(async () => await storeOf(helper).checkProcessedAndRecord([1], 'workflow', { mode: 'latestIncrementalKey' })));
		expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect(String((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
	});
});

describe('the delivery lock (processedDataLock.ts)', () => {
	test('holders never overlap, whichever process they run in', async () => {
		const helper = newHelper();
		const processes = [n8nProcess(helper), n8nProcess(helper), n8nProcess(helper)];
		let inside = 0;
		let most = 0;
		const runs: number[] = [];
		await Promise.all(
			Array.from({ length: 60 }, async (_, index) => {
				const { store } = processes[index % processes.length];
				return await withWorkflowLock(store, async () => {
					inside++;
					most = Math.max(most, inside);
					await new Promise((resolve) => setImmediate(resolve));
					runs.push(index);
					inside--;
				});
			}),
		);
		expect(most).toBe(1);
		expect(runs).toHaveLength(60);
		expect(helper.workflowRowExists(WORKFLOW.id)).toBe(false);
	});

	test('a lock left by a process that died is taken over after breakAfterMs, with a warning', async () => {
		const helper = newHelper();
		let now = 1_800_000_000_000;
		const store = storeOf(helper);
		// A holder that never releases: the row inserted, then the process is gone.
		await store.checkProcessedAndRecord([1], 'workflow', { mode: 'latestIncrementalKey' });
		const warnings: string[] = [];
		const ran = withWorkflowLock(store, async () => 'ran', { breakAfterMs: 5000, giveUpAfterMs: 60_000, now: () => (now += 250) }, (warning) => warnings.push(warning));
		await expect(ran).resolves.toEqual({ value: 'ran' });
		expect(warnings.join()).toMatch(/taking it over/);
	});

	test('a database that fails three times in a row makes the lock give up (the caller lets the delivery through)', async () => {
		const helper = newHelper();
		helper.table.failWith = 'connect ECONNREFUSED 127.0.0.1:5432';
		let now = 0;
		const outcome = await withWorkflowLock(storeOf(helper), async () => 'ran', { breakAfterMs: 5000, giveUpAfterMs: 10_000, now: () => (now += 1000) });
		expect(outcome).toEqual({ refused: 'unavailable', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
	});

	test('another node keeping the workflow-scoped record is named, not waited for', async () => {
		const helper = newHelper();
		await storeOf(helper).checkProcessedAndRecord(['item'], 'workflow', { mode: 'entries' });
		expect(await withWorkflowLock(storeOf(helper), async () => 'ran')).toEqual({ refused: 'foreign', message: expect.stringMatching(/incompatible setting/) });
	});
});

describe('claims (deliveryClaims.ts) under the lock', () => {
	test('concurrent retries of 200 deliveries from 3 processes: each delivery claimed exactly once', async () => {
		const helper = newHelper();
		const processes = [n8nProcess(helper), n8nProcess(helper), n8nProcess(helper)];
		const keys = Array.from({ length: 200 }, (_, index) => `delivery-${index}`);
		const attempts = keys.flatMap((key) => processes.map((proc) => ({ key, proc })));
		const results = await Promise.all(attempts.map(async ({ key, proc }) => ({ key, result: await proc.claim(key) })));
		const claimed = results.filter(({ result }) => result.state === 'claimed');
		expect(claimed.map(({ key }) => key).sort()).toEqual([...keys].sort());
		expect(results.filter(({ result }) => result.state === 'running')).toHaveLength(400);
	});

	test('a done delivery stays done; a failed one is claimed again; a crashed one after its lease', async () => {
		const helper = newHelper();
		let now = 1_800_000_000_000;
		const [a, b] = [n8nProcess(helper, () => now), n8nProcess(helper, () => now)];

		const first = await a.claim('done-1');
		expect(first.state).toBe('claimed');
		await a.complete('done-1', (first as { claim: string }).claim);
		expect(await b.claim('done-1')).toEqual({ state: 'done' });

		const failing = await a.claim('failed-1');
		await a.release((failing as { claim: string }).claim);
		expect((await b.claim('failed-1')).state).toBe('claimed');

		// Claimed by a process that then died: running until the lease is over, claimable after.
		expect((await a.claim('crashed-1')).state).toBe('claimed');
		now += SETTINGS.leaseMs - slotMs(SETTINGS.leaseMs);
		expect(await b.claim('crashed-1')).toEqual({ state: 'running' });
		now += 2 * slotMs(SETTINGS.leaseMs);
		expect((await b.claim('crashed-1')).state).toBe('claimed');
	});

	test('a process killed between a check and its clean-up leaves no delivery looking done: the resend runs it', async () => {
		const helper = newHelper();
		const now = 1_800_000_000_000;
		// n8n's store has no read-only check: the check records every entry it asks about, a second call
		// removes the ones that describe no state. This process dies before that second call.
		const dying = storeOf(helper);
		const killedBeforeCleanUp: ProcessedDataStore = {
			...dying,
			removeProcessed: async () => {
				throw new Error('SIGKILL');
			},
		};
		await expect(claimDeliveries(killedBeforeCleanUp, ['cut-short'], SETTINGS, now)).rejects.toThrow('SIGKILL');
		expect(helper.nodeHas(WORKFLOW.id, NODE.id, 'cut-short')).toBe(true);

		// After the restart (its lock broken), the platform's resend: claimed and run, not taken as done.
		const restarted = n8nProcess(helper, () => now + 10_000);
		const resend = await restarted.claim('cut-short');
		expect(resend.state).toBe('claimed');
		// What the interrupted check left is cleaned up: only the new claim remains.
		expect(helper.nodeEntries(WORKFLOW.id, NODE.id)).toHaveLength(1);
		expect(helper.nodeHas(WORKFLOW.id, NODE.id, (resend as { claim: string }).claim)).toBe(true);
		expect(await n8nProcess(helper, () => now + 10_000).claim('cut-short')).toEqual({ state: 'running' });
		// It succeeds: done from then on.
		await restarted.complete('cut-short', (resend as { claim: string }).claim);
		expect(await restarted.claim('cut-short')).toEqual({ state: 'done' });
		expect(helper.nodeEntries(WORKFLOW.id, NODE.id)).toHaveLength(1);
		expect(helper.nodeHas(WORKFLOW.id, NODE.id, 'cut-short')).toBe(true);
	});

	test('checking leaves only entries that describe a state: a done delivery and a running claim', async () => {
		const helper = newHelper();
		const proc = n8nProcess(helper);
		const claim = await proc.claim('delivery-a');
		await proc.claim('delivery-a');
		await proc.complete('delivery-a', (claim as { claim: string }).claim);
		await proc.claim('delivery-a');
		await proc.claim('delivery-b');
		expect(helper.nodeEntries(WORKFLOW.id, NODE.id)).toHaveLength(2);
		expect(helper.nodeHas(WORKFLOW.id, NODE.id, 'delivery-a')).toBe(true);
		expect(helper.nodeHas(WORKFLOW.id, NODE.id, 'delivery-b')).toBe(false);
	});

	test('the store keeps the newest done deliveries up to its size: checks do not push records out', async () => {
		// The trigger keeps 5,000; 500 here shows the same arithmetic ten times faster.
		const settings = { ...SETTINGS, maxEntries: 500 };
		const helper = newHelper();
		const proc = n8nProcess(helper, undefined, undefined, settings);
		for (let index = 0; index < 620; index++) {
			const result = await proc.claim(`delivery-${index}`);
			// Retries checked on the way push nothing out.
			if (index % 3 === 0) expect(await proc.claim(`delivery-${index}`)).toEqual({ state: 'running' });
			await proc.complete(`delivery-${index}`, (result as { claim: string }).claim);
			if (index % 5 === 0) expect(await proc.claim(`delivery-${index}`)).toEqual({ state: 'done' });
		}
		expect(await proc.claim('delivery-619')).toEqual({ state: 'done' });
		// The newest 500 done deliveries are kept (a check gets room for its own entries, then removes them).
		expect(helper.nodeEntries(WORKFLOW.id, NODE.id)).toHaveLength(500);
		expect(await proc.claim('delivery-120')).toEqual({ state: 'done' });
		expect((await proc.claim('delivery-100')).state).toBe('claimed');
	}, 60_000);
});

describe('batches (deliveryBatches.ts): deliveries that arrive together share the lock and the round trips', () => {
	const environment = (helper: ProcessedDataHelperModel): BatchEnvironment => ({
		store: storeOf(helper),
		settings: SETTINGS,
		settles: true,
		lockTiming: { breakAfterMs: 5000, giveUpAfterMs: 10_000, now: () => Date.now() },
		warn: () => {},
	});

	test('50 concurrent deliveries in one process: one claim each, in a handful of lock cycles', async () => {
		const helper = newHelper();
		const batcher = new ProcessDeliveries().batcher(WORKFLOW.id, NODE.id);
		const keys = Array.from({ length: 50 }, (_, index) => `delivery-${index}`);
		const answers = await Promise.all([...keys, ...keys].map(async (key) => ({ key, answer: await batcher.claim(key, environment(helper)) })));
		expect(answers.filter(({ answer }) => answer.state === 'claimed').map(({ key }) => key).sort()).toEqual([...keys].sort());
		expect(answers.filter(({ answer }) => answer.state === 'running')).toHaveLength(50);
		// Each cycle: the lock (select + insert, delete) and two round trips on the record.
		expect(helper.table.queries.insert).toBeLessThanOrEqual(4);
	});

	test('a settlement and a retry of the same delivery in one batch: the retry sees it done', async () => {
		const helper = newHelper();
		const batcher = new ProcessDeliveries().batcher(WORKFLOW.id, NODE.id);
		const first = await batcher.claim('delivery-1', environment(helper));
		expect(first.state).toBe('claimed');
		const [, retry] = await Promise.all([
			batcher.settle('delivery-1', (first as { claim: string }).claim, true, environment(helper)),
			batcher.claim('delivery-1', environment(helper)),
		]);
		expect(retry).toEqual({ state: 'done' });
		expect(helper.nodeEntries(WORKFLOW.id, NODE.id)).toHaveLength(1);
	});

	test('a refused lock rejects every operation of the batch with the reason', async () => {
		const helper = newHelper();
		await storeOf(helper).checkProcessedAndRecord(['item'], 'workflow', { mode: 'entries' });
		const batcher = new ProcessDeliveries().batcher(WORKFLOW.id, NODE.id);
		await expect(batcher.claim('delivery-1', environment(helper))).rejects.toMatchObject({ refused: 'foreign' });
	});
});

/** What a claim should be, per delivery: claimable unless done or held by a live claim. */
type Event = { deliver: { key: number; proc: number } } | { finish: { ok: boolean } } | { crash: true } | { advance: true };

test(`property: over random deliveries from 3 processes, finishes, failures, crashes and time, no delivery runs twice and none is held forever (seed ${SEED})`, async () => {
	const event: fc.Arbitrary<Event> = fc.oneof(
		{ weight: 10, arbitrary: fc.record({ key: fc.nat({ max: 14 }), proc: fc.nat({ max: 2 }) }).map((deliver) => ({ deliver })) },
		{ weight: 5, arbitrary: fc.boolean().map((ok) => ({ finish: { ok } })) },
		{ weight: 1, arbitrary: fc.constant({ crash: true as const }) },
		{ weight: 2, arbitrary: fc.constant({ advance: true as const }) },
	);
	await fc.assert(
		fc.asyncProperty(fc.array(fc.array(event, { minLength: 1, maxLength: 6 }), { minLength: 5, maxLength: 30 }), async (batches) => {
			const helper = newHelper();
			let now = 1_800_000_000_000;
			const processes = [0, 1, 2].map(() => n8nProcess(helper, () => now));
			/** key -> how it stands in the model */
			const model = new Map<number, { done: boolean; holder?: { claim: string; until: number } }>();
			const running: Array<{ key: number; claim: string; proc: number }> = [];
			let runs = 0;
			for (const batch of batches) {
				// A batch runs concurrently: several deliveries may race for one key.
				const claimedNow = new Map<number, number>();
				await Promise.all(
					batch.map(async (step) => {
						if (!('deliver' in step)) return;
						const { key, proc } = step.deliver;
						const result = await processes[proc].claim(`k${key}`);
						const state = model.get(key) ?? { done: false };
						const live = state.holder && state.holder.until > now;
						if (result.state === 'claimed') {
							// Claimable only when not done and not held by a live claim, and only once per race.
							if (state.done || live || claimedNow.has(key)) throw new Error(`k${key} claimed twice`);
							claimedNow.set(key, proc);
							model.set(key, { done: false, holder: { claim: result.claim, until: now + SETTINGS.leaseMs } });
							running.push({ key, claim: result.claim, proc });
							runs++;
						} else if (result.state === 'done' && !state.done) {
							throw new Error(`k${key} reported done but never finished`);
						} else if (result.state === 'running' && !live && !claimedNow.has(key)) {
							// Held past its lease: only the slot rounding (one slot) may keep it.
							const holder = state.holder;
							if (!holder || holder.until + slotMs(SETTINGS.leaseMs) < now) throw new Error(`k${key} held without a live claim`);
						}
					}),
				);
				for (const step of batch) {
					if ('finish' in step && running.length) {
						const { key, claim, proc } = running.shift() as (typeof running)[number];
						if (step.finish.ok) await processes[proc].complete(`k${key}`, claim);
						else await processes[proc].release(claim);
						model.set(key, { done: step.finish.ok || (model.get(key)?.done ?? false) });
					} else if ('crash' in step && running.length) {
						// The execution's process died: its claim stays until the lease ends.
						running.shift();
					} else if ('advance' in step) {
						now += SETTINGS.leaseMs / 2;
					}
				}
			}
			return runs > 0;
		}),
		{ seed: SEED, numRuns: 60 },
	);
}, 120_000);
