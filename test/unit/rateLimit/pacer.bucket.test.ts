/**
 * The token-bucket estimate (Thought Industries' burst + steady rate): what is left after each
 * answer, the requests still in flight taken from it, the refill between, the readings and round
 * trips it keeps, and the refill rate it measures. Explicit times throughout.
 */
import { Pacer } from '../../../nodes/shared/rateLimit/pacer';
import type { RateSignals } from '../../../nodes/shared/rateLimit/signals';
import { exchange } from './exchange.ts';

// 60 per minute: one token back per second.
const PER_SECOND = { limit: 60 };

describe('the estimate of what is left', () => {
	test('the burst left goes out at once, then the next token is awaited', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { ...PER_SECOND, remaining: 2 });
		const first = pacer.start(100);
		const second = pacer.start(100);
		expect([first.modelled, second.modelled]).toEqual([true, true]);
		pacer.finish(first, 200, 'ok', { ...PER_SECOND, remaining: 1 });
		pacer.finish(second, 200, 'ok', { ...PER_SECOND, remaining: 0 });
		// Counted at 150 (half the round trip before the answer); a request sent at 200 arrives at 250,
		// when 0.1 of a token is back: the rest takes 900 ms.
		expect(pacer.delay(200)).toBe(900);
		expect(pacer.start(200).modelled).toBe(false);
	});

	test('with exactly one left (no refill known) the next request may go', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { remaining: 1 });
		expect(pacer.delay(100)).toBe(0);
		expect(pacer.start(100).modelled).toBe(true);
	});

	test('requests in flight are taken from the count, and what comes back meanwhile is there for them', () => {
		const pacer = new Pacer();
		// Three answers raise the in-flight cap to 8; the bucket holds 3.
		exchange(pacer, 0, 100, 'ok', { ...PER_SECOND, remaining: 2 });
		exchange(pacer, 100, 200, 'ok', { ...PER_SECOND, remaining: 1 });
		exchange(pacer, 200, 300, 'ok', { ...PER_SECOND, remaining: 0 });
		// A long pause refills it, but never beyond its size: three go, then a token per second.
		let started = 0;
		while (started < 8 && pacer.delay(100_000) === 0) {
			pacer.start(100_000);
			started += 1;
		}
		expect(started).toBe(3);
		expect(pacer.delay(100_000)).toBe(1000);
	});

	test('requests in flight are taken out in the order they reach the platform, with what comes back between them', () => {
		const pacer = new Pacer();
		// A bucket of 2, one a second back; three answers (one a second) raise the cap to 8.
		for (let second = 0; second < 3; second += 1) exchange(pacer, second * 1000, second * 1000 + 100, 'ok', { ...PER_SECOND, remaining: 1 });
		// Full by 3000: one taken at 3050, one back by 4050 and taken then: one left.
		pacer.start(3000);
		pacer.start(4000);
		expect(pacer.delay(4000)).toBe(0);
	});

	test('a request still open is taken from a count made after it was sent, at the count\'s time', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { ...PER_SECOND, remaining: 1 });
		const earlier = pacer.start(100);
		const later = pacer.start(150);
		expect([earlier.modelled, later.modelled]).toEqual([true, false]);
		pacer.finish(later, 250, 'ok', { ...PER_SECOND, remaining: 0 });
		// Counted at 200 with `earlier` still to be taken: -1 then, -0.9 at 300 when a request sent at 250
		// would arrive; 1.9 tokens to wait for.
		expect(pacer.delay(250)).toBe(1900);
		// Once it is answered (counted at 350), the latest count alone: 0.1 back by 450.
		pacer.finish(earlier, 400, 'ok', { ...PER_SECOND, remaining: 0 });
		expect(pacer.delay(400)).toBe(900);
	});

	test('the count is placed half the shortest round trip before its answer', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { ...PER_SECOND, remaining: 1 });
		exchange(pacer, 100, 140, 'ok', { ...PER_SECOND, remaining: 0 });
		// Round trips 100 and 40: counted at 120; a request sent at 140 arrives at 160.
		expect(pacer.delay(140)).toBe(1000 - 40);
	});
});

test('a refusal counts as none left, for a platform that counts what is left', () => {
	// 6 per minute: a token every 10 s. 1 left, but the next request is refused (a short wait: not a window).
	const pacer = new Pacer();
	exchange(pacer, 0, 100, 'ok', { limit: 6, remaining: 2 });
	exchange(pacer, 100, 200, 'ok', { limit: 6, remaining: 1 });
	expect(exchange(pacer, 200, 300, 'limited', { limit: 6, retryAfterMs: 1000 })).toBe(1000);
	// None left at 250; a request sent at 1300 arrives at 1350, when 0.11 of a token is back.
	expect(pacer.delay(1300)).toBe(8900);
});

test('a change in the stated limit changes the rate', () => {
	const pacer = new Pacer();
	exchange(pacer, 0, 100, 'ok', { limit: 60 });
	exchange(pacer, 1000, 1100, 'ok', { limit: 120 });
	expect(pacer.describe()).toBe('120.0 requests/min (from limit), limit 120 per 60 s');
	expect(pacer.delay(1100)).toBe(400);
});

describe('what is kept', () => {
	test('the 16 latest counts: the lowest of them is the estimate', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { remaining: 0 });
		let now = 100;
		for (let answer = 2; answer <= 16; answer += 1) {
			exchange(pacer, now, now + 100, 'ok', { remaining: 5 });
			now += 100;
		}
		// 16 counts kept, the 0 among them: one probe a second after the last start.
		expect(pacer.delay(now)).toBe(900);
		exchange(pacer, now, now + 100, 'ok', { remaining: 5 });
		expect(pacer.delay(now + 100)).toBe(0);
	});

	test('the 16 latest round trips: a short one 17 answers ago no longer counts', () => {
		/** A 10 ms round trip, then `more` of 100 ms with 5 left, the last of them with none left. */
		function afterShortTrip(more: number): { pacer: Pacer; at: number } {
			const pacer = new Pacer();
			exchange(pacer, 0, 10, 'ok', { ...PER_SECOND, remaining: 5 });
			let now = 10;
			for (let answer = 1; answer <= more; answer += 1) {
				exchange(pacer, now, now + 100, 'ok', { ...PER_SECOND, remaining: answer === more ? 0 : 5 });
				now += 100;
			}
			return { pacer, at: now };
		}
		// 16 round trips: the shortest is 10 ms, so counted 5 ms before the answer and arriving 5 ms after it.
		const sixteen = afterShortTrip(15);
		expect(sixteen.pacer.delay(sixteen.at)).toBe(990);
		// 17: the shortest is 100 ms, so 50 ms each side.
		const seventeen = afterShortTrip(16);
		expect(seventeen.pacer.delay(seventeen.at)).toBe(900);
	});
});

describe('the refill rate measured from the counts', () => {
	/** A bucket of 100 with 5 left counted at 150, then one more request answered at `answeredAt` with `remaining` left. */
	function measured(answeredAt: number, remaining: number, signals: RateSignals = {}): Pacer {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { ...signals, remaining: 99 });
		exchange(pacer, 100, 200, 'ok', { ...signals, remaining: 5 });
		exchange(pacer, answeredAt - 100, answeredAt, 'ok', { ...signals, remaining });
		return pacer;
	}

	test('with no rate stated: what came back over two seconds, counting the request taken', () => {
		// Counted at 150 and 2150: 5, then 15 left after one more request is 11 back in 2 s.
		expect(measured(2200, 15).describe()).toBe('330.0 requests/min (from measured), burst 100');
		expect(measured(2200, 5).describe()).toBe('30.0 requests/min (from measured), burst 100');
	});

	test('each measure starts from the count the last one ended at', () => {
		const pacer = measured(2200, 15);
		// 15 at 2150, then 25 at 4150 after one more request: 11 in 2 s again.
		exchange(pacer, 4100, 4200, 'ok', { remaining: 25 });
		expect(pacer.describe()).toBe('330.0 requests/min (from measured), burst 100');
		// 25 at 4150, then 44 at 6150: 20 in 2 s (more than 15 % off).
		exchange(pacer, 6100, 6200, 'ok', { remaining: 44 });
		expect(pacer.describe()).toBe('600.0 requests/min (from measured), burst 100');
	});

	test('not over less than two seconds', () => {
		expect(measured(2199, 15).describe()).toBe('burst 100');
	});

	test('a count that did not grow teaches no rate, and a limit stated later is still taken', () => {
		const pacer = measured(2200, 4);
		expect(pacer.describe()).toBe('burst 100');
		exchange(pacer, 2200, 2300, 'ok', { limit: 600, remaining: 3 });
		expect(pacer.describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s, burst 100');
	});

	test('a stated rate stays when the measure is within 15 % of it', () => {
		// 600 per minute is 20 tokens in 2 s; 22 back is 10 % more, 24 is 20 %.
		expect(measured(2200, 26, { limit: 600 }).describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s, burst 100');
		expect(measured(2200, 28, { limit: 600 }).describe()).toBe('720.0 requests/min (from measured), limit 600 per 60 s, burst 100');
	});

	test('exactly 15 % off is still within it', () => {
		/** 6000 per minute: 200 tokens in 2 s, of which `back` come back. */
		function fast(back: number): string {
			const pacer = new Pacer();
			exchange(pacer, 0, 100, 'ok', { limit: 6000, remaining: 999 });
			exchange(pacer, 100, 200, 'ok', { limit: 6000, remaining: 5 });
			exchange(pacer, 2100, 2200, 'ok', { limit: 6000, remaining: 5 + back - 1 });
			return pacer.describe();
		}
		expect(fast(170)).toBe('6000.0 requests/min (from limit), limit 6000 per 60 s, burst 1000');
		expect(fast(169)).toBe('5070.0 requests/min (from measured), limit 6000 per 60 s, burst 1000');
	});

	test('a stated rate is only checked over at least 10 tokens\' worth', () => {
		// 240 per minute: 10 tokens take 2.5 s (counted at 150, then at 2650). 5 back in that time is half the rate.
		expect(measured(2699, 9, { limit: 240 }).describe()).toBe('240.0 requests/min (from limit), limit 240 per 60 s, burst 100');
		expect(measured(2700, 9, { limit: 240 }).describe()).toBe('120.0 requests/min (from measured), limit 240 per 60 s, burst 100');
	});

	test('a measured rate is no longer replaced by the stated limit', () => {
		const pacer = measured(2200, 28, { limit: 600 });
		exchange(pacer, 2200, 2300, 'ok', { limit: 600, remaining: 27 });
		expect(pacer.describe()).toContain('(from measured)');
	});

	test('a full bucket is no reference to measure from', () => {
		// 99 left (of 100) at 2150: full, so nothing is measured against it; 2 s later from it, nothing yet.
		const pacer = measured(2200, 99);
		exchange(pacer, 4200, 4300, 'ok', { remaining: 90 });
		expect(pacer.describe()).toBe('burst 100');
		exchange(pacer, 6200, 6300, 'ok', { remaining: 95 });
		// 90 at 4250, 95 at 6250 after one more request: 6 in 2 s.
		expect(pacer.describe()).toBe('180.0 requests/min (from measured), burst 100');
	});

	test('answers that overtook a later one are not measured against it', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { remaining: 99 });
		const earlier = pacer.start(100);
		const later = pacer.start(100);
		pacer.finish(later, 200, 'ok', { remaining: 5 });
		pacer.finish(earlier, 2300, 'ok', { remaining: 20 });
		expect(pacer.describe()).toBe('burst 100');
	});

	test('a refusal drops the reference: the measure starts again from the next count', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { remaining: 99 });
		exchange(pacer, 100, 200, 'ok', { remaining: 5 });
		pacer.finish(pacer.start(200), 300, 'limited', { retryAfterMs: 500, remaining: 0 });
		exchange(pacer, 2300, 2400, 'ok', { remaining: 15 });
		expect(pacer.describe()).toBe('burst 100');
	});
});
