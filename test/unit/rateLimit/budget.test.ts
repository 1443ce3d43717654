/**
 * The budget's queue: a run's items go out lowest first, runs take turns, a stopped run's waiting
 * requests are withdrawn, and Max Requests per Minute spaces requests.
 */
import { Budget, MAX_IN_FLIGHT, NotSentError, budgetFor, forgetBudgets } from '../../../nodes/shared/rateLimit/budget';

beforeEach(() => forgetBudgets());

test('within a run, the lowest item goes first, whatever order they arrived in', async () => {
	const budget = new Budget('test');
	const run = {};
	const started: number[] = [];
	// More than can be in flight, so that most of them queue.
	const order = [7, 3, 11, 0, 5, 9, 1, 2, 10, 4, 8, 6, 13, 12];
	await Promise.all(
		order.map(async (itemIndex) => {
			const ticket = await budget.acquire(run, itemIndex, 0, 0);
			started.push(itemIndex);
			await new Promise((resolve) => setTimeout(resolve, 5));
			budget.release(ticket, 'ok', {});
		}),
	);
	// The first request goes alone (nothing learned yet); after it, strictly by item.
	expect(started.slice(1)).toEqual([...order].filter((index) => index !== started[0]).sort((a, b) => a - b));
});

test('runs take turns, so a one-item execution is not stuck behind a long one', async () => {
	const budget = new Budget('test');
	const backfill = {};
	const single = {};
	const started: string[] = [];
	const send = async (run: object, name: string, itemIndex: number) => {
		const ticket = await budget.acquire(run, itemIndex, 0, 0);
		started.push(name);
		await new Promise((resolve) => setTimeout(resolve, 10));
		budget.release(ticket, 'ok', { limit: 6000, remaining: 50 });
	};
	const long = Array.from({ length: 60 }, (_, index) => send(backfill, `backfill ${index}`, index));
	await new Promise((resolve) => setTimeout(resolve, 30));
	const startedBefore = started.length;
	await Promise.all([...long, send(single, 'single', 0)]);
	expect(startedBefore).toBeLessThan(59);
	// At most one more backfill request before it: the run that was served last goes to the back.
	expect(started.indexOf('single')).toBeLessThanOrEqual(startedBefore + 1);
});

test('cancelRun rejects the waiting requests of that run only', async () => {
	const budget = new Budget('test');
	const stopped = {};
	const other = {};
	const waiting = Array.from({ length: 6 }, async (_, index) => {
		const ticket = await budget.acquire(index % 2 ? stopped : other, index, Date.now() + 300, 0);
		budget.release(ticket, 'ok', {});
	});
	expect(budget.waiting).toBe(6);
	budget.cancelRun(stopped);
	// Withdrawn at once, not merely rejected: they never take a turn.
	expect(budget.waiting).toBe(3);
	const settled = await Promise.allSettled(waiting);
	settled.forEach((outcome, index) => {
		if (index % 2) expect(outcome.status === 'rejected' && outcome.reason instanceof NotSentError).toBe(true);
		else expect(outcome.status).toBe('fulfilled');
	});
	expect(budget.waiting).toBe(0);
	expect(budget.pacer.sent).toBe(3);
});

test('cancelRun of a run with nothing waiting does nothing (a stopping run cancels on every budget it used)', async () => {
	const budget = new Budget('test');
	const run = {};
	const ticket = await budget.acquire(run, 0, 0, 0);
	budget.release(ticket, 'ok', {});
	expect(() => budget.cancelRun(run)).not.toThrow();
	expect(() => budget.cancelRun({})).not.toThrow();
	expect(budget.waiting).toBe(0);
});

test('NotSentError: an exact message, its own name, and not in doubt unless an earlier try went unanswered', () => {
	const notSent = new NotSentError();
	expect(notSent).toBeInstanceOf(Error);
	expect(notSent.message).toBe('Not sent: the node stopped sending after an item failed');
	expect(notSent.name).toBe('NotSentError');
	expect(String(notSent)).toBe('NotSentError: Not sent: the node stopped sending after an item failed');
	expect(notSent.maybeApplied).toBe(false);
	expect(new NotSentError(true).maybeApplied).toBe(true);
});

test('Max Requests per Minute: requests at least 60,000 / n ms apart', async () => {
	const budget = new Budget('test');
	const run = {};
	const times: number[] = [];
	await Promise.all(
		Array.from({ length: 6 }, async (_, index) => {
			const ticket = await budget.acquire(run, index, 0, 50);
			times.push(Date.now());
			budget.release(ticket, 'ok', {});
		}),
	);
	for (let index = 1; index < times.length; index++) expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(49);
});

test('one budget per credential and address in the process', () => {
	expect(budgetFor('thoughtIndustriesApi:1@https://acme.thoughtindustries.com')).toBe(budgetFor('thoughtIndustriesApi:1@https://acme.thoughtindustries.com'));
	expect(budgetFor('thoughtIndustriesApi:1@https://acme.thoughtindustries.com')).not.toBe(budgetFor('thoughtIndustriesApi:2@https://acme.thoughtindustries.com'));
	expect(MAX_IN_FLIGHT).toBe(8);
	expect(budgetFor('thoughtIndustriesApi:1@https://acme.thoughtindustries.com').key).toBe('thoughtIndustriesApi:1@https://acme.thoughtindustries.com');
});

test('forgetBudgets: the next scenario starts from budgets that have learned nothing', async () => {
	const key = 'academyOceanApi:1@https://app.academyocean.com';
	const before = budgetFor(key);
	before.release(await before.acquire({}, 0, 0, 0), 'ok', { limit: 60, remaining: 59 });
	forgetBudgets();
	const after = budgetFor(key);
	expect(after).not.toBe(before);
	expect(after.pacer.sent).toBe(0);
	expect(after.pacer.describe()).toBe('no limit seen yet');
});
