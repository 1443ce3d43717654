// The batcher of one trigger node's claims (deliveryBatches.ts) on the model of n8n's processed-data
// store, with a fake clock and a lock that counts how often it is taken: which operations share a
// batch and a hold of the lock, how long a hold lasts, what each operation is answered, what the store
// keeps afterwards, and what a failing store or lock does to the operations in flight and waiting.
import type { BatchEnvironment, ClaimAnswer } from '../../nodes/LearningPlatformTrigger/deliveryBatches';
import { ClaimBatcher, isLockRefusal } from '../../nodes/LearningPlatformTrigger/deliveryBatches';
import type { ClaimSettings } from '../../nodes/LearningPlatformTrigger/deliveryClaims';
import type { ProcessedDataStore } from '../../nodes/LearningPlatformTrigger/processedDataLock';
import { nodeHelpers, ProcessedDataHelperModel, ProcessedDataTable } from '../harness/processedData.ts';

const WORKFLOW_ID = 'workflow-1';
const NODE_ID = 'trigger-1';
const SETTINGS: ClaimSettings = { leaseMs: 300_000, maxEntries: 5000 };
const START = 1_800_000_000_000;

type Lock = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A batcher on a fresh store. `beforeNodeCheck` runs as each batch reaches the store (the trigger
 * node's check-and-record), while the batch is in flight: it may submit more, move the clock or fail.
 */
function setup(options: { settles?: boolean; lock?: Lock; beforeNodeCheck?: (batch: number) => void } = {}) {
	const helper = new ProcessedDataHelperModel(new ProcessedDataTable());
	const helpers = nodeHelpers(helper, WORKFLOW_ID, NODE_ID);
	const clock = { now: START };
	let batches = 0;
	const store: ProcessedDataStore = {
		...helpers,
		checkProcessedAndRecord: async (items, scope, checkOptions) => {
			if (scope === 'node') {
				batches++;
				options.beforeNodeCheck?.(batches);
			}
			return await helpers.checkProcessedAndRecord(items, scope, checkOptions);
		},
	};
	const counted = { holds: 0 };
	const lock: Lock = options.lock ?? (async (task) => await task());
	const batcher = new ClaimBatcher(async (task) => {
		counted.holds++;
		return await lock(task);
	});
	const environment: BatchEnvironment = {
		store,
		settings: SETTINGS,
		settles: options.settles ?? true,
		lockTiming: { breakAfterMs: 5000, giveUpAfterMs: 10_000, now: () => clock.now, sleep: async () => {} },
		warn: () => {},
	};
	const entries = () => helper.nodeEntries(WORKFLOW_ID, NODE_ID);
	const has = (value: string) => helper.nodeHas(WORKFLOW_ID, NODE_ID, value);
	return { helper, helpers, batcher, environment, clock, counted, entries, has, batchesSoFar: () => batches };
}

const claimOf = (answer: ClaimAnswer): string => (answer as { claim: string }).claim;

describe('isLockRefusal: what a rejected operation carries when the lock refused its batch', () => {
	test('only an object with a refused field is a refusal', () => {
		const candidates = [null, undefined, 'refused', 42, {}, new Error('refused'), { refused: 'foreign', message: 'other node' }, { refused: 'unavailable', message: '' }];
		expect(candidates.map((candidate) => isLockRefusal(candidate))).toEqual([false, false, false, false, false, false, true, true]);
	});
});

describe('batches and holds of the lock', () => {
	test('operations submitted together make one batch under one hold of the lock', async () => {
		const { batcher, environment, counted, batchesSoFar } = setup();
		const answers = await Promise.all(['a', 'b', 'c'].map(async (key) => await batcher.claim(key, environment)));
		expect(answers.map((answer) => answer.state)).toEqual(['claimed', 'claimed', 'claimed']);
		expect(counted.holds).toBe(1);
		expect(batchesSoFar()).toBe(1);
	});

	test.each([
		['999 ms into a hold is applied under the same hold', 999, 1],
		['1000 ms into a hold waits for the lock again: the hold lets it go', 1000, 2],
	])('a batch arriving %s', async (_, elapsedMs, holds) => {
		const late: Array<Promise<ClaimAnswer>> = [];
		const { batcher, environment, clock, counted, batchesSoFar } = setup({
			beforeNodeCheck: (batch) => {
				if (batch !== 1) return;
				late.push(batcher.claim('late', environment));
				clock.now += elapsedMs;
			},
		});
		expect((await batcher.claim('first', environment)).state).toBe('claimed');
		expect((await late[0]).state).toBe('claimed');
		expect(batchesSoFar()).toBe(2);
		expect(counted.holds).toBe(holds);
	});

	test('whenIdle resolves once everything submitted is answered and the lock is free', async () => {
		const { batcher, environment, helper } = setup();
		expect(batcher.idle).toBe(true);
		const answer = batcher.claim('a', environment);
		expect(batcher.idle).toBe(false);
		await batcher.whenIdle();
		expect(batcher.idle).toBe(true);
		expect(helper.workflowRowExists(WORKFLOW_ID)).toBe(false);
		expect((await answer).state).toBe('claimed');
	});
});

describe('answers and what the store keeps', () => {
	test('copies of one delivery in a batch: the first is claimed, the others see it running; copies of a done one are all done', async () => {
		const { batcher, environment, helpers } = setup();
		await helpers.checkProcessedAndRecord(['done-1'], 'node', { mode: 'entries' });
		const answers = await Promise.all(['new-1', 'done-1', 'new-1', 'done-1'].map(async (key) => await batcher.claim(key, environment)));
		expect(answers).toEqual([{ state: 'claimed', claim: expect.stringMatching(/^new-1@\d+$/) }, { state: 'done' }, { state: 'running' }, { state: 'done' }]);
	});

	test('without execution outcomes (settles: false), a new delivery is recorded done at once and answered unsettled; a known one is done; copies see it running', async () => {
		const { batcher, environment, helpers, entries, has } = setup({ settles: false });
		await helpers.checkProcessedAndRecord(['known'], 'node', { mode: 'entries' });
		const answers = await Promise.all(['new-1', 'known', 'new-1', 'known'].map(async (key) => await batcher.claim(key, environment)));
		expect(answers).toEqual([{ state: 'unsettled' }, { state: 'done' }, { state: 'running' }, { state: 'done' }]);
		expect(entries()).toHaveLength(2);
		expect([has('new-1'), has('known')]).toEqual([true, true]);
	});

	test('a succeeded execution settles its delivery as done: the record holds the delivery, not the claim', async () => {
		const { batcher, environment, entries, has } = setup();
		const claim = claimOf(await batcher.claim('delivery-1', environment));
		await batcher.settle('delivery-1', claim, true, environment);
		expect(entries()).toHaveLength(1);
		expect(has('delivery-1')).toBe(true);
		expect(await batcher.claim('delivery-1', environment)).toEqual({ state: 'done' });
	});

	test('a failed execution releases its claim: the record is left empty and a retry claims the delivery again', async () => {
		const { batcher, environment, entries } = setup();
		const claim = claimOf(await batcher.claim('delivery-1', environment));
		await batcher.settle('delivery-1', claim, false, environment);
		expect(entries()).toEqual([]);
		expect(await batcher.claim('delivery-1', environment)).toEqual({ state: 'claimed', claim });
	});

	test('settlements of both outcomes in one batch: each routed by its outcome', async () => {
		const { batcher, environment, entries, has } = setup();
		const [succeeded, failed] = await Promise.all(['ok-1', 'failed-1'].map(async (key) => claimOf(await batcher.claim(key, environment))));
		await Promise.all([batcher.settle('ok-1', succeeded, true, environment), batcher.settle('failed-1', failed, false, environment)]);
		expect(entries()).toHaveLength(1);
		expect(has('ok-1')).toBe(true);
	});
});

describe('failures', () => {
	test('the store failing mid-batch rejects exactly the operations in flight; those waiting are applied by the next hold', async () => {
		const late: Array<Promise<ClaimAnswer>> = [];
		const { batcher, environment, counted, entries, has } = setup({
			beforeNodeCheck: (batch) => {
				if (batch !== 1) return;
				late.push(batcher.claim('waiting', environment));
				throw new Error('connection reset');
			},
		});
		await expect(batcher.claim('in-flight', environment)).rejects.toThrow('connection reset');
		const answer = await late[0];
		expect(answer.state).toBe('claimed');
		expect(counted.holds).toBe(2);
		expect(entries()).toHaveLength(1);
		expect(has(claimOf(answer))).toBe(true);
	});

	test('a refused lock rejects every operation waiting for it with the refusal', async () => {
		const { batcher, environment, helpers } = setup();
		await helpers.checkProcessedAndRecord(['item'], 'workflow', { mode: 'entries' });
		const outcomes = await Promise.allSettled([batcher.claim('a', environment), batcher.settle('b', 'b@1', true, environment)]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
		const reasons = outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason);
		expect(reasons[0]).toBe(reasons[1]);
		expect(reasons[0]).toEqual({ refused: 'foreign', message: expect.stringMatching(/incompatible setting/) });
	});

	test('the in-process lock failing before the batch ran rejects nothing: the batch is applied by the next hold', async () => {
		let calls = 0;
		const { batcher, environment, counted } = setup({
			lock: async (task) => {
				if (++calls === 1) throw new Error('queue broken');
				return await task();
			},
		});
		const answer = batcher.claim('a', environment);
		await batcher.whenIdle();
		expect((await answer).state).toBe('claimed');
		expect(counted.holds).toBe(2);
	});

	test('the in-process lock failing after the batch was applied leaves its answers as given', async () => {
		const { batcher, environment } = setup({
			lock: async (task) => {
				await task();
				throw new Error('queue broken');
			},
		});
		const answer = batcher.claim('a', environment);
		await batcher.whenIdle();
		expect((await answer).state).toBe('claimed');
	});
});
