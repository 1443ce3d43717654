/**
 * The budget's pump against a fake clock: a request goes out at the exact time it may (a retry's
 * backoff, Max Requests per Minute), the pump waits in one timer until then rather than polling,
 * and nothing is left running once nothing waits.
 */
import { Budget, NotSentError } from '../../../nodes/shared/rateLimit/budget';
import type { Ticket } from '../../../nodes/shared/rateLimit/pacer';

const START = 1_700_000_000_000;

beforeEach(() => {
	jest.useFakeTimers({ now: START });
});

afterEach(() => {
	jest.useRealTimers();
});

/** Runs what is due now (promise callbacks and timers due at this very millisecond), without moving the clock. */
const settle = async () => await jest.advanceTimersByTimeAsync(0);

/** A request's place in the queue, observed without awaiting it. */
function track(promise: Promise<Ticket>, onSent?: () => void) {
	const state: { ticket?: Ticket; error?: unknown } = {};
	promise.then(
		(ticket) => {
			state.ticket = ticket;
			onSent?.();
		},
		(error: unknown) => {
			state.error = error;
		},
	);
	return state;
}

test('a retry waiting for its backoff goes out at its time exactly: not a millisecond early', async () => {
	const budget = new Budget('test');
	const retry = track(budget.acquire({}, 0, START + 1000, 0));
	await jest.advanceTimersByTimeAsync(999);
	expect(retry.ticket).toBeUndefined();
	await jest.advanceTimersByTimeAsync(1);
	expect(retry.ticket?.sentAt).toBe(START + 1000);
});

test('the pump sleeps in one timer until a backoff ends, rather than polling', async () => {
	const budget = new Budget('test');
	const retry = track(budget.acquire({}, 0, START + 60_000, 0));
	await settle();
	expect(jest.getTimerCount()).toBe(1);
	await jest.advanceTimersToNextTimerAsync();
	expect(Date.now()).toBe(START + 60_000);
	expect(retry.ticket?.sentAt).toBe(START + 60_000);
});

test('Max Requests per Minute: the next request goes exactly 60,000 / n ms after the last, in one wait', async () => {
	const budget = new Budget('test');
	const run = {};
	const first = track(budget.acquire(run, 0, 0, 1000));
	const second = track(budget.acquire(run, 1, 0, 1000));
	await settle();
	// Nothing learned yet: the first request goes alone.
	expect(first.ticket?.sentAt).toBe(START);
	budget.release(first.ticket as Ticket, 'ok', {});
	await settle();
	expect(second.ticket).toBeUndefined();
	expect(jest.getTimerCount()).toBe(1);
	await jest.advanceTimersToNextTimerAsync();
	expect(Date.now()).toBe(START + 1000);
	expect(second.ticket?.sentAt).toBe(START + 1000);
});

test('without Max Requests per Minute, the next request goes as soon as the answer is in, in the same millisecond', async () => {
	const budget = new Budget('test');
	const run = {};
	const first = track(budget.acquire(run, 0, 0, 0));
	const second = track(budget.acquire(run, 1, 0, 0));
	await settle();
	budget.release(first.ticket as Ticket, 'ok', {});
	await settle();
	expect(second.ticket?.sentAt).toBe(START);
});

test('cancelling the only waiting run leaves no timer running (a stopped execution holds nothing up)', async () => {
	const budget = new Budget('test');
	const run = {};
	const retry = track(budget.acquire(run, 0, START + 60_000, 0));
	await settle();
	expect(jest.getTimerCount()).toBe(1);
	budget.cancelRun(run);
	await settle();
	expect(retry.error).toBeInstanceOf(NotSentError);
	expect(jest.getTimerCount()).toBe(0);
	expect(budget.pacer.sent).toBe(0);
});

test('an answer that frees a slot wakes the pump: the pending wait does not outlive it', async () => {
	const budget = new Budget('test');
	const run = {};
	// The first request goes alone; a retry of another run waits a minute.
	const first = track(budget.acquire(run, 0, 0, 0));
	await settle();
	const retry = track(budget.acquire({}, 0, START + 60_000, 0));
	const next = track(budget.acquire(run, 1, 0, 0));
	await settle();
	budget.release(first.ticket as Ticket, 'ok', {});
	await settle();
	expect(next.ticket?.sentAt).toBe(START);
	expect(retry.ticket).toBeUndefined();
	// Only the retry's wait is left: one timer, for the minute.
	expect(jest.getTimerCount()).toBe(1);
	await jest.advanceTimersToNextTimerAsync();
	expect(retry.ticket?.sentAt).toBe(START + 60_000);
});

test('requests of one item go out in the order they were made', async () => {
	const budget = new Budget('test');
	const run = {};
	const order: string[] = [];
	const first = track(budget.acquire(run, 0, 0, 0));
	await settle();
	const pages = ['page 1', 'page 2', 'page 3'].map((name) => track(budget.acquire(run, 1, 0, 0), () => order.push(name)));
	budget.release(first.ticket as Ticket, 'ok', {});
	await settle();
	// Two may be in flight now; the third once they are answered.
	expect(order).toEqual(['page 1', 'page 2']);
	budget.release(pages[0].ticket as Ticket, 'ok', {});
	budget.release(pages[1].ticket as Ticket, 'ok', {});
	await settle();
	expect(order).toEqual(['page 1', 'page 2', 'page 3']);
});

test('a run that was just served waits behind a run that has not been, even if its queue emptied in between', async () => {
	const budget = new Budget('test');
	const single = {};
	const backfill = {};
	const order: string[] = [];
	// The single run is served at once and has nothing left waiting.
	const first = track(budget.acquire(single, 0, 0, 0));
	await settle();
	// The backfill queues behind the request in flight; then the single run asks again.
	for (let index = 0; index < 3; index++) track(budget.acquire(backfill, index, 0, 0), () => order.push(`backfill ${index}`));
	track(budget.acquire(single, 1, 0, 0), () => order.push('single 1'));
	budget.release(first.ticket as Ticket, 'ok', {});
	await settle();
	// Two slots now: one turn each, the backfill first.
	expect(order).toEqual(['backfill 0', 'single 1']);
	expect(budget.waiting).toBe(2);
});
