/**
 * NodeRun, the bookkeeping one run of a node shares between its items: tries, item states, the
 * stop, when the stopping point is final (settled), the outputs replayed by a Retry On Fail try,
 * items in doubt, cancellation through the execution's abort signal, and which run an item belongs
 * to (nodeRunOf / existingRunOf, keyed by the execution data object).
 *
 * This is a unit test of bookkeeping logic, so the context is a minimal object with only what
 * NodeRun reads from it (getNode().retryOnFail, getExecutionCancelSignal, getExecuteData,
 * getItemIndex), typed through `contextOf` below. It is not a test of a node: the engine suites in
 * test/nodes/rateLimit/ run NodeRun inside n8n's real RoutingNode. Queued requests are held in a
 * real Budget, so stop() and cancellation are checked by what happens to them.
 */
import type { IExecuteData, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import { Budget, NotSentError } from '../../../nodes/shared/rateLimit/budget';
import { NodeRun, existingRunOf, nodeRunOf } from '../../../nodes/shared/rateLimit/nodeRun';

interface ContextParts {
	retryOnFail?: boolean;
	/** Omit to leave the context without getExecutionCancelSignal (as some of n8n's contexts are). */
	signal?: AbortSignal;
	/** Omit to leave the context without getExecuteData. */
	executeData?: IExecuteData | object;
	itemIndex?: number;
}

/** The few members of IExecuteSingleFunctions NodeRun reads; nothing else is there. */
function contextOf(parts: ContextParts = {}): IExecuteSingleFunctions {
	const context: Record<string, unknown> = {
		getNode: () => ({ retryOnFail: parts.retryOnFail }),
		getItemIndex: () => parts.itemIndex ?? 0,
	};
	if ('signal' in parts) context.getExecutionCancelSignal = () => parts.signal;
	if ('executeData' in parts) context.getExecuteData = () => parts.executeData;
	return context as unknown as IExecuteSingleFunctions;
}

const executeDataOf = (items: number): IExecuteData =>
	({ data: { main: [Array.from({ length: items }, (_, index) => ({ json: { index } }))] }, node: {}, source: null }) as unknown as IExecuteData;

const output = (name: string): INodeExecutionData[] => [{ json: { name } }];

/** Lets every queued microtask run, but no timer (so a sleep(0) has not fired yet). */
async function microtasks(): Promise<void> {
	for (let turn = 0; turn < 20; turn++) await Promise.resolve();
}

/** Whether `promise` resolves before the next timer: "at once". */
async function resolvesAtOnce(promise: Promise<unknown>): Promise<boolean> {
	let resolved = false;
	void promise.then(() => {
		resolved = true;
	});
	await microtasks();
	return resolved;
}

/** Whether `promise` resolves within a few macrotasks (bounded: never hangs on a promise that does not). */
async function resolvesSoon(promise: Promise<unknown>): Promise<boolean> {
	let resolved = false;
	void promise.then(() => {
		resolved = true;
	});
	for (let turn = 0; turn < 20 && !resolved; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
	return resolved;
}

/** What `promise` settles to within a few macrotasks; a promise still pending then fails the test (bounded, no hang). */
async function soon<T>(promise: Promise<T>): Promise<T> {
	let outcome: { value: T } | undefined;
	void promise.then((value) => {
		outcome = { value };
	});
	for (let turn = 0; turn < 20 && !outcome; turn++) await new Promise((resolve) => setTimeout(resolve, 5));
	if (!outcome) throw new Error('still pending after 20 macrotasks');
	return outcome.value;
}

/** A request of `run` waiting in `budget` (not before a minute from now, so it stays queued). */
function queued(budget: Budget, run: NodeRun, itemIndex: number): Promise<unknown> {
	return budget.acquire(run, itemIndex, Date.now() + 60_000, 0).then(
		() => 'sent',
		(error: unknown) => error,
	);
}

describe('a try: items begin, conclude, and the stopping point', () => {
	test('every index 0..total-1 is in exactly one group; items pending or never begun are "not sent"', () => {
		const run = new NodeRun(contextOf(), 7);
		for (let index = 0; index < 6; index++) run.begin(index, {});
		run.conclude(0, 'succeeded');
		run.conclude(2, 'succeeded');
		run.conclude(1, 'failed');
		run.conclude(3, 'inDoubt');
		run.conclude(4, 'notSent');
		// 5 is still pending, 6 never began.
		expect(run.stoppingPoint()).toEqual({ total: 7, succeeded: [0, 2], failed: [1], notSent: [4, 5, 6], inDoubt: [3] });
		expect(run.total).toBe(7);
	});

	test('an item that never began and an index past the total are not reported', () => {
		const run = new NodeRun(contextOf(), 2);
		run.begin(1, {});
		run.begin(2, {});
		run.conclude(1, 'failed');
		run.conclude(2, 'succeeded');
		expect(run.stoppingPoint()).toEqual({ total: 2, succeeded: [], failed: [1], notSent: [0], inDoubt: [] });
	});

	test('conclude() ignores an item that is not pending: its first conclusion stands', () => {
		const run = new NodeRun(contextOf(), 3);
		run.begin(0, {});
		run.begin(1, {});
		run.conclude(0, 'succeeded');
		run.conclude(0, 'failed');
		run.conclude(2, 'failed');
		expect(run.stoppingPoint()).toEqual({ total: 3, succeeded: [0], failed: [], notSent: [1, 2], inDoubt: [] });
	});

	test('an item concluding before the others of its try began does not end the try', () => {
		const run = new NodeRun(contextOf(), 2);
		run.begin(0, {});
		run.conclude(0, 'succeeded');
		run.begin(1, {});
		expect(run.stoppingPoint().succeeded).toEqual([0]);
	});

	test('begin() of a new try (after the last settled) resets the states and the stopping flag', async () => {
		const run = new NodeRun(contextOf(), 3);
		run.begin(0, {});
		run.begin(1, {});
		run.begin(2, {});
		run.conclude(0, 'succeeded');
		run.conclude(1, 'failed');
		run.stop();
		run.conclude(2, 'notSent');
		expect(run.stopping).toBe(true);
		expect(await resolvesSoon(run.settled())).toBe(true);
		// The retry: stopped no more, and nothing of the first try is in its stopping point.
		run.begin(1, {});
		expect(run.stopping).toBe(false);
		expect(run.stoppingPoint()).toEqual({ total: 3, succeeded: [], failed: [], notSent: [0, 1, 2], inDoubt: [] });
	});

	test('items of the same try keep their states (only the first item of a try resets)', async () => {
		const run = new NodeRun(contextOf(), 2);
		run.begin(0, {});
		run.begin(1, {});
		await soon(run.registered());
		run.conclude(0, 'succeeded');
		run.stop();
		expect(run.stopping).toBe(true);
		expect(run.stoppingPoint()).toEqual({ total: 2, succeeded: [0], failed: [], notSent: [1], inDoubt: [] });
	});
});

describe('settled() and registered()', () => {
	test('settled() resolves at once when no try is open', async () => {
		const run = new NodeRun(contextOf(), 2);
		expect(run.stopping).toBe(false);
		expect(await resolvesAtOnce(run.settled())).toBe(true);
		expect(await resolvesAtOnce(run.registered())).toBe(true);
	});

	test('every item concluded within the registration: settled only once the registration (one macrotask) ended', async () => {
		const run = new NodeRun(contextOf(), 2);
		run.begin(0, {});
		run.begin(1, {});
		const registered = run.registered();
		const settled = run.settled();
		run.conclude(0, 'succeeded');
		run.conclude(1, 'failed');
		expect(await resolvesAtOnce(settled)).toBe(false);
		expect(await resolvesAtOnce(registered)).toBe(false);
		expect(await resolvesSoon(registered)).toBe(true);
		expect(await resolvesSoon(settled)).toBe(true);
		// And the try is closed: settled() again is at once.
		expect(await resolvesAtOnce(run.settled())).toBe(true);
	});

	test('after the registration, settled only when the last pending item concludes', async () => {
		const run = new NodeRun(contextOf(), 3);
		run.begin(0, {});
		run.begin(1, {});
		run.begin(2, {});
		await soon(run.registered());
		const settled = run.settled();
		run.conclude(0, 'succeeded');
		run.conclude(0, 'succeeded');
		run.conclude(2, 'failed');
		expect(await resolvesSoon(settled)).toBe(false);
		// A second waiter while still open waits too.
		const later = run.settled();
		run.conclude(1, 'notSent');
		expect(await resolvesAtOnce(settled)).toBe(true);
		expect(await resolvesAtOnce(later)).toBe(true);
	});

	test('a try that settled is over: the next begin opens a new one that settles on its own terms', async () => {
		const run = new NodeRun(contextOf(), 2);
		run.begin(0, {});
		run.conclude(0, 'succeeded');
		expect(await resolvesSoon(run.settled())).toBe(true);
		run.begin(0, {});
		run.begin(1, {});
		await soon(run.registered());
		const settled = run.settled();
		run.conclude(0, 'succeeded');
		expect(await resolvesSoon(settled)).toBe(false);
		run.conclude(1, 'succeeded');
		expect(await resolvesAtOnce(settled)).toBe(true);
	});
});

describe('Retry On Fail: replayed outputs and items in doubt', () => {
	test('with Retry On Fail, a succeeded item is replayed in the next try for the same input object only', async () => {
		const run = new NodeRun(contextOf({ retryOnFail: true }), 3);
		const inputs = [{ json: { a: 0 } }, { json: { a: 1 } }, { json: { a: 2 } }];
		expect(run.begin(0, inputs[0])).toEqual({});
		expect(run.begin(1, inputs[1])).toEqual({});
		expect(run.begin(2, inputs[2])).toEqual({});
		run.conclude(0, 'succeeded', { input: inputs[0], items: output('zero') });
		// Failed, or not sent: nothing to replay, even with an output.
		run.conclude(1, 'failed', { input: inputs[1], items: output('one') });
		run.conclude(2, 'succeeded', { input: inputs[2], items: output('two') });
		await soon(run.settled());

		expect(run.begin(0, inputs[0])).toEqual({ replay: output('zero') });
		expect(run.begin(1, inputs[1])).toEqual({});
		// Equal, but not the same input object: other work that shares the execution data.
		expect(run.begin(2, { json: { a: 2 } })).toEqual({});
		// A replayed item concludes without an output and keeps the one it had.
		run.conclude(0, 'succeeded');
		run.conclude(1, 'succeeded');
		run.conclude(2, 'failed');
		await soon(run.settled());
		expect(run.begin(0, inputs[0])).toEqual({ replay: output('zero') });
	});

	test('without Retry On Fail no output is kept', async () => {
		for (const retryOnFail of [false, undefined]) {
			const run = new NodeRun(contextOf({ retryOnFail }), 1);
			const input = { json: {} };
			run.begin(0, input);
			run.conclude(0, 'succeeded', { input, items: output('kept?') });
			await soon(run.settled());
			expect(run.begin(0, input)).toEqual({});
		}
	});

	test('an item in doubt comes back as in doubt for the same input only, and isInDoubt knows its exact error', () => {
		const run = new NodeRun(contextOf({ retryOnFail: true }), 3);
		const input = { json: { learner: 'a' } };
		const error = new Error('No answer: it may have been applied');
		run.begin(1, input);
		run.markInDoubt(1, input, error);
		expect(run.isInDoubt(1, error)).toBe(true);
		expect(run.isInDoubt(1, new Error('No answer: it may have been applied'))).toBe(false);
		expect(run.isInDoubt(0, error)).toBe(false);
		// A work function that threw nothing (`throw undefined`) failed; it is not in doubt.
		expect(run.isInDoubt(2, undefined)).toBe(false);
		run.conclude(1, 'inDoubt');
		expect(run.stoppingPoint().inDoubt).toEqual([1]);

		expect(run.begin(1, input)).toEqual({ inDoubt: error });
		expect(run.begin(1, { json: { learner: 'a' } })).toEqual({});
		expect(run.begin(0, input)).toEqual({});
	});
});

describe('stop() and cancellation withdraw the requests the run queued', () => {
	test('stop() rejects every queued request of the run with NotSentError, in every budget, once', async () => {
		const run = new NodeRun(contextOf(), 4);
		const other = new NodeRun(contextOf(), 1);
		const first = new Budget('first');
		const second = new Budget('second');
		run.budgets.add(first);
		run.budgets.add(second);
		for (let index = 0; index < 4; index++) run.begin(index, {});
		const requests = [queued(first, run, 1), queued(first, run, 2), queued(second, run, 3)];
		const unrelated = queued(first, other, 0);
		expect(first.waiting).toBe(3);
		const cancelFirst = jest.spyOn(first, 'cancelRun');
		const cancelSecond = jest.spyOn(second, 'cancelRun');

		run.stop();
		expect(run.stopping).toBe(true);
		for (const outcome of await soon(Promise.all(requests))) {
			expect(outcome).toBeInstanceOf(NotSentError);
			expect((outcome as NotSentError).maybeApplied).toBe(false);
		}
		expect(first.waiting).toBe(1);
		expect(second.waiting).toBe(0);

		run.stop();
		expect(cancelFirst).toHaveBeenCalledTimes(1);
		expect(cancelSecond).toHaveBeenCalledTimes(1);
		expect(cancelFirst).toHaveBeenCalledWith(run);
		// Another run's request is untouched; withdraw it to end the test.
		first.cancelRun(other);
		expect(await soon(unrelated)).toBeInstanceOf(NotSentError);
	});

	test("the execution's abort signal cancels the queued requests with its reason, and stops the run", async () => {
		const controller = new AbortController();
		const run = new NodeRun(contextOf({ signal: controller.signal }), 2);
		const budget = new Budget('cancel');
		run.budgets.add(budget);
		run.begin(0, {});
		run.begin(1, {});
		const requests = [queued(budget, run, 0), queued(budget, run, 1)];
		const reason = new Error('Execution was cancelled by the user');
		controller.abort(reason);
		expect(run.stopping).toBe(true);
		expect(await soon(Promise.all(requests))).toEqual([reason, reason]);
		expect(budget.waiting).toBe(0);
	});

	test("a reason that is not an Error becomes 'The execution was cancelled'", async () => {
		const controller = new AbortController();
		const run = new NodeRun(contextOf({ signal: controller.signal }), 1);
		const budget = new Budget('cancel');
		run.budgets.add(budget);
		run.begin(0, {});
		const request = queued(budget, run, 0);
		controller.abort('timeout');
		const outcome = await soon(request);
		expect(outcome).toBeInstanceOf(Error);
		expect(outcome).not.toBeInstanceOf(NotSentError);
		expect((outcome as Error).message).toBe('The execution was cancelled');
	});

	test('the abort listener is added when a try opens and removed when it settles', async () => {
		const controller = new AbortController();
		const add = jest.spyOn(controller.signal, 'addEventListener');
		const remove = jest.spyOn(controller.signal, 'removeEventListener');
		const run = new NodeRun(contextOf({ signal: controller.signal }), 1);
		expect(add).not.toHaveBeenCalled();
		run.begin(0, {});
		expect(add).toHaveBeenCalledTimes(1);
		run.conclude(0, 'succeeded');
		await soon(run.settled());
		expect(remove).toHaveBeenCalledWith('abort', add.mock.calls[0][1]);
		// The execution is cancelled later (another node): this run is over and does not stop.
		controller.abort(new Error('cancelled'));
		expect(run.stopping).toBe(false);
	});

	test('a context without a cancel signal: nothing to listen to, and the run still settles', async () => {
		for (const context of [contextOf(), contextOf({ signal: undefined })]) {
			const run = new NodeRun(context, 1);
			run.begin(0, {});
			run.conclude(0, 'succeeded');
			expect(await resolvesSoon(run.settled())).toBe(true);
		}
	});
});

describe('nodeRunOf / existingRunOf: one run per execution data object', () => {
	test('items with the same execution data object share a run, sized by the input items', () => {
		const executeData = executeDataOf(5);
		const first = contextOf({ executeData, itemIndex: 0 });
		const third = contextOf({ executeData, itemIndex: 2 });
		expect(existingRunOf(first)).toBeUndefined();
		const run = nodeRunOf(first);
		expect(run.total).toBe(5);
		expect(nodeRunOf(third)).toBe(run);
		expect(existingRunOf(third)).toBe(run);
		// Other execution data (another node, another execution): another run.
		const elsewhere = contextOf({ executeData: executeDataOf(5), itemIndex: 2 });
		expect(existingRunOf(elsewhere)).toBeUndefined();
		expect(nodeRunOf(elsewhere)).not.toBe(run);
	});

	test('the run reads the Retry On Fail setting and the cancel signal of the context that created it', async () => {
		const input = { json: {} };
		const run = nodeRunOf(contextOf({ executeData: executeDataOf(1), retryOnFail: true }));
		run.begin(0, input);
		run.conclude(0, 'succeeded', { input, items: output('kept') });
		await soon(run.settled());
		expect(run.begin(0, input)).toEqual({ replay: output('kept') });

		const controller = new AbortController();
		const cancellable = nodeRunOf(contextOf({ executeData: executeDataOf(2), signal: controller.signal }));
		cancellable.begin(0, {});
		controller.abort();
		expect(cancellable.stopping).toBe(true);
	});

	test('without input items in the execution data, the run is sized by the item index + 1', () => {
		const cases: Array<[object, number]> = [
			[{}, 4],
			[{ data: {} }, 4],
			[{ data: { main: [] } }, 4],
			[{ data: { main: [null] } }, 4],
		];
		for (const [executeData, expected] of cases) {
			expect(nodeRunOf(contextOf({ executeData, itemIndex: expected - 1 })).total).toBe(expected);
		}
	});

	test('a context without execution data is a run of its own, sized by its item index + 1', () => {
		for (const context of [contextOf({ itemIndex: 6 }), contextOf({ executeData: undefined, itemIndex: 6 })]) {
			expect(existingRunOf(context)).toBeUndefined();
			const run = nodeRunOf(context);
			expect(run.total).toBe(7);
			expect(nodeRunOf(context)).toBe(run);
			expect(existingRunOf(context)).toBe(run);
			expect(nodeRunOf(contextOf({ itemIndex: 6 }))).not.toBe(run);
		}
	});
});
