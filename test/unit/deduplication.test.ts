import type { BatchEnvironment } from '../../nodes/LearningPlatformTrigger/deliveryBatches';
import { MAX_REMEMBERED, ProcessDeliveries, deliveryKey } from '../../nodes/LearningPlatformTrigger/deduplication';
import type { ProcessedDataStore } from '../../nodes/LearningPlatformTrigger/processedDataLock';
import { nodeHelpers, ProcessedDataHelperModel, ProcessedDataTable } from '../harness/processedData.ts';

const LEASE = 300_000;

/** `this.helpers` of a trigger node in n8n: the processed-data helper bound to its workflow and node. */
const storeOf: (helper: ProcessedDataHelperModel, workflowId: string, nodeId: string) => ProcessedDataStore = nodeHelpers;

function environmentOf(store: ProcessedDataStore, warnings: string[] = [], now: () => number = () => 1_800_000_000_000): BatchEnvironment {
	return {
		store,
		settings: { leaseMs: LEASE, maxEntries: MAX_REMEMBERED },
		settles: true,
		lockTiming: { breakAfterMs: 60_000, giveUpAfterMs: 3000, now },
		warn: (warning) => warnings.push(warning),
	};
}

/** A store whose every call waits forever: a batch submitted to it keeps its batcher busy. */
const stalledStore: ProcessedDataStore = {
	checkProcessedAndRecord: async () => await new Promise(() => {}),
	removeProcessed: async () => await new Promise(() => {}),
	clearAllProcessedItems: async () => await new Promise(() => {}),
};

test('delivery keys are 64 bits of the SHA-256 of the delivery id', () => {
	expect(deliveryKey('abc')).toBe('ba7816bf8f01cfea');
	expect(deliveryKey('abd')).not.toBe(deliveryKey('abc'));
});

describe("a process's own knowledge (ProcessDeliveries)", () => {
	test('is trimmed to 4,500 once over 5,000, oldest change first, so its memory stays bounded', () => {
		const known = new ProcessDeliveries();
		for (let index = 0; index <= MAX_REMEMBERED; index++) known.set(`delivery-${index}`, 'done', index);
		expect(known.size).toBe(4500);
		expect(known.known('delivery-500', LEASE, 6000)).toBeUndefined();
		expect(known.known('delivery-501', LEASE, 6000)).toBe('done');
		for (let index = 0; index < 20_000; index++) known.set(`more-${index}`, 'done', index);
		expect(known.size).toBeLessThanOrEqual(MAX_REMEMBERED);
	});

	test('keeps exactly 5,000 without trimming', () => {
		const known = new ProcessDeliveries();
		for (let index = 0; index < MAX_REMEMBERED; index++) known.set(`delivery-${index}`, 'done', index);
		expect(known.size).toBe(MAX_REMEMBERED);
		expect(known.known('delivery-0', LEASE, 6000)).toBe('done');
	});

	test('a delivery that changed state recently counts as recent when trimming', () => {
		const known = new ProcessDeliveries();
		known.set('old-but-finished-last', 'running', 0);
		for (let index = 0; index < 4000; index++) known.set(`delivery-${index}`, 'done', index);
		known.set('old-but-finished-last', 'done', 4001);
		for (let index = 4000; index < 5001; index++) known.set(`delivery-${index}`, 'done', index);
		expect(known.known('old-but-finished-last', LEASE, 6000)).toBe('done');
		expect(known.known('delivery-0', LEASE, 6000)).toBeUndefined();
	});

	test('a running claim is trusted only for the lease; done stays done', () => {
		const known = new ProcessDeliveries();
		known.set('running', 'running', 1000);
		known.set('done', 'done', 1000);
		expect(known.known('running', LEASE, 1000 + LEASE)).toBe('running');
		expect(known.known('running', LEASE, 1001 + LEASE)).toBeUndefined();
		expect(known.known('done', LEASE, 1000 + 10 * LEASE)).toBe('done');
		known.forget('running');
		expect(known.known('running', LEASE, 1000)).toBeUndefined();
	});

	test('serialized tasks of one key run one at a time, in order, also when one fails', async () => {
		const known = new ProcessDeliveries();
		const order: string[] = [];
		let inside = 0;
		const task = (name: string, fail = false) => async () => {
			inside++;
			expect(inside).toBe(1);
			await new Promise((resolve) => setImmediate(resolve));
			order.push(name);
			inside--;
			if (fail) throw new Error(name);
		};
		const results = await Promise.allSettled([known.serialized('w', task('a')), known.serialized('w', task('b', true)), known.serialized('w', task('c'))]);
		expect(order).toEqual(['a', 'b', 'c']);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
	});

	test('a task queued while the second of a queue runs waits for it, also after the first ended', async () => {
		const known = new ProcessDeliveries();
		const events: string[] = [];
		let finishSecond = () => {};
		let secondStarted = () => {};
		const started = new Promise<void>((resolve) => (secondStarted = resolve));
		const first = known.serialized('w', async () => events.push('first'));
		const second = known.serialized('w', async () => {
			events.push('second started');
			secondStarted();
			await new Promise<void>((resolve) => (finishSecond = resolve));
			events.push('second ended');
		});
		await first;
		await started;
		const third = known.serialized('w', async () => events.push('third'));
		await new Promise((resolve) => setImmediate(resolve));
		finishSecond();
		await Promise.all([second, third]);
		expect(events).toEqual(['first', 'second started', 'second ended', 'third']);
	});

	test('a queue that ran empty is not kept', async () => {
		const known = new ProcessDeliveries();
		await Promise.allSettled([known.serialized('w', async () => 'a'), known.serialized('w', async () => Promise.reject(new Error('b')))]);
		expect(known['queues'].size).toBe(0);
	});

	test('settled() waits for every background settlement, failed ones included, and those started meanwhile', async () => {
		const known = new ProcessDeliveries();
		const events: string[] = [];
		let finishFirst = () => {};
		known.background(new Promise<void>((resolve) => (finishFirst = resolve)).then(() => events.push('first settled')));
		known.background(Promise.reject(new Error('store down')));
		const settled = known.settled().then(() => events.push('all settled'));
		await new Promise((resolve) => setImmediate(resolve));
		known.background(new Promise((resolve) => setImmediate(resolve)).then(() => events.push('later settled')));
		finishFirst();
		await settled;
		expect(events).toEqual(['first settled', 'later settled', 'all settled']);
	});
});

describe('the claim batchers of a process (ProcessDeliveries.batcher)', () => {
	test('one per workflow and trigger node, the same one each time', () => {
		const known = new ProcessDeliveries();
		const first = known.batcher('workflow-1', 'node-1');
		const otherNode = known.batcher('workflow-1', 'node-2');
		const otherWorkflow = known.batcher('workflow-2', 'node-1');
		expect(known.batcher('workflow-1', 'node-1')).toBe(first);
		expect(otherNode).not.toBe(first);
		expect(otherWorkflow).not.toBe(first);
		expect(otherWorkflow).not.toBe(otherNode);
		expect(known.batcher('workflow-1', 'node-2')).toBe(otherNode);
		expect(known.batcher('workflow-2', 'node-1')).toBe(otherWorkflow);
	});

	test('up to 100 are kept; past that, idle ones of other nodes are dropped', () => {
		const known = new ProcessDeliveries();
		const first = known.batcher('workflow', 'node-0');
		for (let index = 1; index < 100; index++) known.batcher('workflow', `node-${index}`);
		expect(known.batcher('workflow', 'node-0')).toBe(first);
		const newest = known.batcher('workflow', 'node-100');
		expect(known.batcher('workflow', 'node-0')).not.toBe(first);
		expect(known.batcher('workflow', 'node-100')).toBe(newest);
	});

	test('past 100, a busy batcher is never dropped, nor the one asked for', () => {
		const known = new ProcessDeliveries();
		const environment = environmentOf(stalledStore);
		known.batcher('workflow', 'node-0');
		const busy = Array.from({ length: 100 }, (_, index) => {
			const batcher = known.batcher('workflow', `node-${index + 1}`);
			void batcher.claim('delivery', environment);
			return batcher;
		});
		expect(busy.every((batcher) => !batcher.idle)).toBe(true);
		const asked = known.batcher('workflow', 'node-0');
		expect(known.batcher('workflow', 'node-0')).toBe(asked);
		busy.forEach((batcher, index) => expect(known.batcher('workflow', `node-${index + 1}`)).toBe(batcher));
	});

	test("the trigger nodes of one workflow share this process's memory of its lock", async () => {
		const helper = new ProcessedDataHelperModel(new ProcessedDataTable());
		const known = new ProcessDeliveries();
		const warnings: string[] = [];
		// A clock that moves on at each reading: a lock this process does not know it left behind is given up on after 3 s.
		let now = 1_800_000_000_000;
		const clock = () => (now += 100);
		const firstStore = storeOf(helper, 'workflow', 'node-1');
		let releaseFails = true;
		const failingRelease: ProcessedDataStore = {
			...firstStore,
			clearAllProcessedItems: async (scope, options) => (releaseFails ? await Promise.reject(new Error('connection reset')) : await firstStore.clearAllProcessedItems(scope, options)),
		};
		await expect(known.batcher('workflow', 'node-1').claim('delivery-1', environmentOf(failingRelease, warnings, clock))).resolves.toMatchObject({ state: 'claimed' });
		await known.settled();
		expect(helper.workflowRowExists('workflow')).toBe(true);
		releaseFails = false;
		// Another node of the workflow deletes the row this process left behind at once, instead of waiting for it.
		await expect(known.batcher('workflow', 'node-2').claim('delivery-2', environmentOf(storeOf(helper, 'workflow', 'node-2'), warnings, clock))).resolves.toMatchObject({ state: 'claimed' });
		await known.settled();
		expect(warnings).toEqual([
			"the workflow's delivery lock could not be released (connection reset); this process deletes it next time, others take it over after 60 s",
		]);
		expect(helper.workflowRowExists('workflow')).toBe(false);
	});
});
