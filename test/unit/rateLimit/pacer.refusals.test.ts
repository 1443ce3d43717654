/**
 * The pacer's waits after a refusal (429) or a 503, and the rate it learns when refusals are all a
 * platform says: driven with explicit times, Math.random stubbed where a backoff is random.
 */
import { Pacer } from '../../../nodes/shared/rateLimit/pacer';
import type { Outcome } from '../../../nodes/shared/rateLimit/pacer';
import type { RateSignals } from '../../../nodes/shared/rateLimit/signals';
import { exchange } from './exchange.ts';

afterEach(() => jest.restoreAllMocks());

describe('the wait after a 429', () => {
	test('is the Retry-After the platform states, and the budget waits exactly that long', () => {
		const pacer = new Pacer();
		expect(exchange(pacer, 0, 100, 'limited', { retryAfterMs: 3000 })).toBe(3000);
		expect(pacer.delay(100)).toBe(3000);
		expect(pacer.delay(3099)).toBe(1);
		expect(pacer.delay(3100)).toBe(0);
	});

	test('is the time until the stated reset when there is no Retry-After', () => {
		expect(exchange(new Pacer(), 0, 100, 'limited', { resetAt: 4100 })).toBe(4000);
	});

	test('prefers Retry-After to the reset time', () => {
		expect(exchange(new Pacer(), 0, 100, 'limited', { retryAfterMs: 2000, resetAt: 9100 })).toBe(2000);
	});

	test('is never under 500 ms, even for Retry-After: 0 (Laravel in the last second of a window)', () => {
		expect(exchange(new Pacer(), 0, 100, 'limited', { retryAfterMs: 0 })).toBe(500);
		expect(exchange(new Pacer(), 0, 100, 'limited', { retryAfterMs: 499 })).toBe(500);
		expect(exchange(new Pacer(), 0, 100, 'limited', { retryAfterMs: 501 })).toBe(501);
		expect(exchange(new Pacer(), 0, 100, 'limited', { resetAt: 200 })).toBe(500);
	});

	test('ignores a reset time that is now or past, and backs off instead', () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
		expect(exchange(new Pacer(), 0, 100, 'limited', { resetAt: 100 })).toBe(750);
		expect(exchange(new Pacer(), 0, 100, 'limited', { resetAt: 50 })).toBe(750);
		expect(exchange(new Pacer(), 0, 100, 'limited', { resetAt: 101 })).toBe(500);
	});

	test('without any stated time, is a random share (half to all) of a backoff of 1 s', () => {
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		expect(exchange(new Pacer(), 0, 100, 'limited')).toBe(500);
		random.mockReturnValue(0.999);
		expect(exchange(new Pacer(), 0, 100, 'limited')).toBeCloseTo(999.5, 6);
	});

	test('the backoff doubles with each refusal in a row, up to 60 s', () => {
		jest.spyOn(Math, 'random').mockReturnValue(1);
		const pacer = new Pacer();
		const waits: number[] = [];
		let now = 0;
		for (let refusal = 0; refusal < 8; refusal += 1) {
			const wait = exchange(pacer, now, now + 10, 'limited');
			waits.push(wait);
			now += 10 + wait;
		}
		expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
	});

	test.each<Outcome>(['ok', 'transient', 'other'])('an answer that is not a refusal (%s) restarts the backoff', (outcome) => {
		jest.spyOn(Math, 'random').mockReturnValue(1);
		const pacer = new Pacer();
		expect(exchange(pacer, 0, 10, 'limited')).toBe(1000);
		expect(exchange(pacer, 1010, 1020, 'limited')).toBe(2000);
		exchange(pacer, 3020, 3030, outcome);
		expect(exchange(pacer, 3030, 3040, 'limited')).toBe(1000);
	});

	test('a 503 between two 429s does not restart the backoff', () => {
		jest.spyOn(Math, 'random').mockReturnValue(1);
		const pacer = new Pacer();
		expect(exchange(pacer, 0, 10, 'limited')).toBe(1000);
		expect(exchange(pacer, 1010, 1020, 'unavailable', { retryAfterMs: 700 })).toBe(700);
		expect(exchange(pacer, 1720, 1730, 'limited')).toBe(2000);
	});

	test('a shorter wait answered later does not cut a longer one short', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 10);
		const first = pacer.start(10);
		const second = pacer.start(10);
		expect(pacer.finish(first, 100, 'limited', { retryAfterMs: 10_000 })).toBe(10_000);
		expect(pacer.finish(second, 200, 'limited', { retryAfterMs: 1000 })).toBe(1000);
		expect(pacer.delay(200)).toBe(9900);
	});
});

describe('a 503 that says when to come back', () => {
	test('waits its Retry-After, or 1 s when it states none', () => {
		const pacer = new Pacer();
		expect(exchange(pacer, 0, 100, 'unavailable', { retryAfterMs: 2500 })).toBe(2500);
		expect(pacer.delay(2599)).toBe(1);
		expect(pacer.delay(2600)).toBe(0);
		const unstated = new Pacer();
		expect(exchange(unstated, 0, 100, 'unavailable')).toBe(1000);
		expect(unstated.delay(100)).toBe(1000);
	});

	test('a Retry-After of 0 is taken as it is (only a 429 gets the floor)', () => {
		const pacer = new Pacer();
		expect(exchange(pacer, 0, 100, 'unavailable', { retryAfterMs: 0 })).toBe(0);
		expect(pacer.delay(100)).toBe(0);
	});

	test('does not cut a longer wait short', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 10);
		const first = pacer.start(10);
		const second = pacer.start(10);
		pacer.finish(first, 100, 'limited', { retryAfterMs: 10_000 });
		expect(pacer.finish(second, 200, 'unavailable', { retryAfterMs: 1000 })).toBe(1000);
		expect(pacer.delay(200)).toBe(9900);
	});

	test('says nothing about the rate', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'unavailable', { retryAfterMs: 1000 });
		exchange(pacer, 1100, 1200, 'unavailable', { retryAfterMs: 1000 });
		expect(pacer.describe()).toBe('no limit seen yet');
	});
});

describe('learning the rate from refusals alone (no X-RateLimit-* headers)', () => {
	/** A 429 at `firstAt`, `oks` accepted requests after it, then a 429 answered at `secondAt`. */
	function refusalsAround(oks: number, firstAt: number, secondAt: number, extra: RateSignals = {}): Pacer {
		const pacer = new Pacer();
		exchange(pacer, firstAt - 10, firstAt, 'limited', { retryAfterMs: 500, ...extra });
		for (let ok = 0; ok < oks; ok += 1) exchange(pacer, firstAt + 500 + ok * 20, firstAt + 510 + ok * 20);
		exchange(pacer, secondAt - 10, secondAt, 'limited', { retryAfterMs: 500, ...extra });
		return pacer;
	}

	test('the first refusal alone teaches nothing', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'limited', { retryAfterMs: 1000 });
		expect(pacer.describe()).toBe('no limit seen yet');
	});

	test('paces at 97 % of the rate the platform accepted since the first refusal', () => {
		// 6 accepted in 6 s: 60 per minute, paced at 58.2.
		const pacer = refusalsAround(6, 1000, 7000);
		expect(pacer.describe()).toBe('58.2 requests/min (from refusals)');
		// One per 1/(0.97 * 6 / 6000) ms after the last start.
		expect(pacer.delay(7500)).toBe(Math.ceil(6990 + 6000 / (0.97 * 6) - 7500));
	});

	test('needs at least 5 accepted requests', () => {
		expect(refusalsAround(4, 1000, 7000).describe()).toBe('no limit seen yet');
		expect(refusalsAround(5, 1000, 7000).describe()).toBe('48.5 requests/min (from refusals)');
	});

	test('needs at least a second since the first refusal', () => {
		expect(refusalsAround(5, 1000, 1999).describe()).toBe('no limit seen yet');
		expect(refusalsAround(5, 1000, 2000).describe()).toBe('291.0 requests/min (from refusals)');
	});

	test('counts only what was accepted after the first refusal', () => {
		const pacer = new Pacer();
		for (let ok = 0; ok < 10; ok += 1) exchange(pacer, ok * 20, ok * 20 + 10);
		exchange(pacer, 990, 1000, 'limited', { retryAfterMs: 500 });
		for (let ok = 0; ok < 4; ok += 1) exchange(pacer, 1500 + ok * 20, 1510 + ok * 20);
		exchange(pacer, 6990, 7000, 'limited', { retryAfterMs: 500 });
		expect(pacer.describe()).toBe('no limit seen yet');
	});

	test('keeps measuring from the first refusal as more come', () => {
		const pacer = refusalsAround(6, 1000, 7000);
		for (let ok = 0; ok < 6; ok += 1) exchange(pacer, 8000 + ok * 100, 8010 + ok * 100);
		exchange(pacer, 12_990, 13_000, 'limited', { retryAfterMs: 500 });
		// 12 accepted in 12 s.
		expect(pacer.describe()).toBe('58.2 requests/min (from refusals)');
	});

	test('a refusal that states the limit does not teach a rate from refusals', () => {
		// (40 s apart, so that two refusals do not reduce the stated rate either.)
		expect(refusalsAround(6, 1000, 41_000, { limit: 600 }).describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s');
	});

	test('a platform that counts what is left is not measured by its refusals', () => {
		const pacer = refusalsAround(6, 1000, 7000, { remaining: 0 });
		expect(pacer.describe()).toBe('no limit seen yet');
	});
});
