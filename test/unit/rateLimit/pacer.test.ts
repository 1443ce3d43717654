/**
 * The pacer's in-flight cap and its simplest waits, driven with explicit times: how many requests
 * may be open at once as answers arrive, the spacing a stated limit alone gives, and describe().
 */
import { Pacer } from '../../../nodes/shared/rateLimit/pacer';
import type { Outcome, Ticket } from '../../../nodes/shared/rateLimit/pacer';
import { exchange } from './exchange.ts';

/** Starts requests at `now` while the pacer allows them (at most 20). */
function startAllowed(pacer: Pacer, now: number): Ticket[] {
	const tickets: Ticket[] = [];
	while (tickets.length < 20 && pacer.delay(now) === 0) tickets.push(pacer.start(now));
	return tickets;
}

test('a budget that has learned nothing sends one request alone and waits for its answer', () => {
	const pacer = new Pacer();
	expect(pacer.maxInFlight).toBe(8);
	expect(pacer.delay(0)).toBe(0);
	expect(pacer.start(0)).toEqual({ seq: 1, sentAt: 0, modelled: false });
	expect(pacer.sent).toBe(1);
	expect(pacer.inFlight).toBe(1);
	expect(pacer.delay(0)).toBe(Number.POSITIVE_INFINITY);
	expect(pacer.delay(3_600_000)).toBe(Number.POSITIVE_INFINITY);
});

test('each ok answer doubles the requests allowed in flight, up to maxInFlight', () => {
	const pacer = new Pacer();
	const [first] = startAllowed(pacer, 0);
	expect(pacer.finish(first, 10, 'ok')).toBe(0);
	expect(pacer.inFlight).toBe(0);
	const pair = startAllowed(pacer, 10);
	expect(pair).toHaveLength(2);
	expect(pair.map((ticket) => ticket.seq)).toEqual([2, 3]);

	pacer.finish(pair[0], 20, 'ok');
	// Cap 4 with one still open: three more.
	expect(startAllowed(pacer, 20)).toHaveLength(3);
	pacer.finish(pair[1], 30, 'ok');
	// Cap 8 with three open.
	expect(startAllowed(pacer, 30)).toHaveLength(5);
	expect(pacer.inFlight).toBe(8);
	expect(pacer.delay(30)).toBe(Number.POSITIVE_INFINITY);
});

test('the cap never exceeds maxInFlight', () => {
	const pacer = new Pacer(3);
	exchange(pacer, 0, 10);
	exchange(pacer, 10, 20);
	// 1, 2, then min(3, 4).
	expect(startAllowed(pacer, 20)).toHaveLength(3);
	const more = new Pacer(8);
	for (let answered = 0; answered < 5; answered += 1) exchange(more, answered * 10, answered * 10 + 5);
	expect(startAllowed(more, 100)).toHaveLength(8);
});

function rampedToEight(): Pacer {
	const pacer = new Pacer();
	for (let answered = 0; answered < 3; answered += 1) exchange(pacer, answered * 10, answered * 10 + 5);
	return pacer;
}

test('a transient failure brings the cap back to one request at a time, with no wait', () => {
	const pacer = rampedToEight();
	expect(exchange(pacer, 100, 110, 'transient')).toBe(0);
	expect(startAllowed(pacer, 110)).toHaveLength(1);
});

test('a refusal (429) brings the cap back to one once its wait is over', () => {
	const pacer = rampedToEight();
	expect(exchange(pacer, 100, 110, 'limited', { retryAfterMs: 1000 })).toBe(1000);
	expect(startAllowed(pacer, 1110)).toHaveLength(1);
});

test('a 503 with Retry-After brings the cap back to one once its wait is over', () => {
	const pacer = rampedToEight();
	expect(exchange(pacer, 100, 110, 'unavailable', { retryAfterMs: 1000 })).toBe(1000);
	expect(startAllowed(pacer, 1110)).toHaveLength(1);
});

test('another error answer leaves the cap as it was and doubles nothing', () => {
	const pacer = new Pacer();
	exchange(pacer, 0, 10);
	exchange(pacer, 10, 20);
	expect(exchange(pacer, 20, 30, 'other')).toBe(0);
	expect(startAllowed(pacer, 30)).toHaveLength(4);
});

test('answers are counted by outcome', () => {
	const pacer = new Pacer();
	const outcomes: Outcome[] = ['ok', 'ok', 'limited', 'unavailable', 'transient', 'other', 'other'];
	outcomes.forEach((outcome, index) => exchange(pacer, index * 100_000, index * 100_000 + 10, outcome, { retryAfterMs: 1000 }));
	expect(pacer.counts).toEqual({ ok: 2, limited: 1, unavailable: 1, transient: 1, other: 2 });
	expect(pacer.sent).toBe(7);
});

test('a stated limit alone (no count of what is left) spaces requests one refill interval apart', () => {
	const pacer = new Pacer();
	// 60 per minute: one per 1000 ms after the previous start.
	exchange(pacer, 0, 10, 'ok', { limit: 60 });
	expect(pacer.delay(10)).toBe(990);
	expect(pacer.delay(999.5)).toBe(1);
	expect(pacer.delay(1000)).toBe(0);
	expect(pacer.delay(5000)).toBe(0);
	// A stated window changes the interval: 60 per 30 s is one per 500 ms.
	const stated = new Pacer();
	exchange(stated, 0, 10, 'ok', { limit: 60, windowMs: 30_000 });
	expect(stated.delay(10)).toBe(490);
});

test('while a wait is running, delay counts it down to the millisecond and ends exactly at it', () => {
	const pacer = new Pacer();
	expect(exchange(pacer, 0, 100, 'limited', { retryAfterMs: 1500 })).toBe(1500);
	expect(pacer.delay(100)).toBe(1500);
	expect(pacer.delay(1599.2)).toBe(1);
	expect(pacer.delay(1600)).toBe(0);
});

test('with nothing left and no rate known, one probe per second, and none while a request is open', () => {
	const pacer = new Pacer();
	exchange(pacer, 0, 100, 'ok', { remaining: 0 });
	expect(pacer.delay(100)).toBe(900);
	expect(pacer.delay(999)).toBe(1);
	expect(pacer.delay(1000)).toBe(0);
	expect(pacer.delay(1500)).toBe(0);
	pacer.start(1000);
	// The cap is 2, but the probe's answer decides.
	expect(pacer.delay(5000)).toBe(Number.POSITIVE_INFINITY);
});

describe('describe()', () => {
	test('says when nothing was seen', () => {
		expect(new Pacer().describe()).toBe('no limit seen yet');
	});

	test('gives the rate with its source, the limit per window and the burst', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { limit: 120, remaining: 19 });
		expect(pacer.describe()).toBe('120.0 requests/min (from limit), limit 120 per 60 s, burst 20');
	});

	test('rounds the window to whole seconds and the rate to one decimal', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { limit: 7, windowMs: 45_600 });
		expect(pacer.describe()).toBe('9.2 requests/min (from limit), limit 7 per 46 s');
	});
});
