/**
 * A limit header without a count of what is left (X-RateLimit-Limit alone): the pacer spaces requests
 * by the stated rate and, since no count measures the real refill, takes refusals as the check of it.
 */
import { Pacer } from '../../../nodes/shared/rateLimit/pacer';
import { exchange } from './exchange.ts';

// 60 per minute stated: one request a second. Every answer, refusals too, carries the header.
const LIMIT = { limit: 60 };

/** The limit learned from a first answer, then a refusal (1 s wait) of a request sent at each of `refusedAt` (answered 100 ms later). */
function refusedAt(...times: number[]): Pacer {
	const pacer = new Pacer();
	exchange(pacer, 0, 100, 'ok', LIMIT);
	for (const at of times) expect(exchange(pacer, at, at + 100, 'limited', { ...LIMIT, retryAfterMs: 1000 })).toBe(1000);
	return pacer;
}

test('one refusal is taken as noise: the stated rate stays', () => {
	expect(refusedAt(1000).describe()).toBe('60.0 requests/min (from limit), limit 60 per 60 s');
});

test('two refusals within 30 s mean the stated rate is too high: 15 % less, and the limit header no longer overrides it', () => {
	const pacer = refusedAt(1000, 2100);
	expect(pacer.describe()).toBe('51.0 requests/min (from reduced), limit 60 per 60 s');
	// One request per 1000 / 0.85 ms after the last start (2100).
	expect(pacer.delay(3200)).toBe(Math.ceil(2100 + 1000 / 0.85 - 3200));
	exchange(pacer, 3300, 3400, 'ok', LIMIT);
	expect(pacer.describe()).toBe('51.0 requests/min (from reduced), limit 60 per 60 s');
});

test('two refusals 30 s apart or more are not', () => {
	// Answered at 1100 and 31_100: exactly 30 s.
	expect(refusedAt(1000, 31_000).describe()).toBe('60.0 requests/min (from limit), limit 60 per 60 s');
	expect(refusedAt(1000, 30_999).describe()).toBe('51.0 requests/min (from reduced), limit 60 per 60 s');
});

test('after a reduction, two more refusals are needed for the next one', () => {
	const pacer = refusedAt(1000, 2100, 4000);
	expect(pacer.describe()).toBe('51.0 requests/min (from reduced), limit 60 per 60 s');
	exchange(pacer, 6000, 6100, 'limited', { ...LIMIT, retryAfterMs: 1000 });
	expect(pacer.describe()).toBe('43.3 requests/min (from reduced), limit 60 per 60 s');
});

test('refusals of requests started before the reduction were already counted in it', () => {
	const pacer = refusedAt(1000);
	const reducing = pacer.start(2100);
	const alreadyOut = pacer.start(2150);
	pacer.finish(reducing, 2200, 'limited', { ...LIMIT, retryAfterMs: 1000 });
	pacer.finish(alreadyOut, 2250, 'limited', { ...LIMIT, retryAfterMs: 1000 });
	exchange(pacer, 4000, 4100, 'limited', { ...LIMIT, retryAfterMs: 1000 });
	// Only the refusal at 4100 counts since the reduction: no second one.
	expect(pacer.describe()).toBe('51.0 requests/min (from reduced), limit 60 per 60 s');
});

test('a refusal with a window-long wait is not counted against the rate', () => {
	const pacer = refusedAt(1000);
	// 2.5 s or more at one request a second is a window's end, not a bucket's next token.
	expect(exchange(pacer, 2100, 2200, 'limited', { ...LIMIT, retryAfterMs: 2500 })).toBe(2500);
	expect(pacer.describe()).toBe('60.0 requests/min (from limit), limit 60 per 60 s');
	const under = refusedAt(1000);
	exchange(under, 2100, 2200, 'limited', { ...LIMIT, retryAfterMs: 2499 });
	expect(under.describe()).toBe('51.0 requests/min (from reduced), limit 60 per 60 s');
});

test('a platform that counts what is left is measured by its counts, not its refusals', () => {
	const pacer = new Pacer();
	exchange(pacer, 0, 100, 'ok', { ...LIMIT, remaining: 30 });
	exchange(pacer, 1000, 1100, 'limited', { ...LIMIT, retryAfterMs: 1000, remaining: 0 });
	exchange(pacer, 2100, 2200, 'limited', { ...LIMIT, retryAfterMs: 1000, remaining: 0 });
	expect(pacer.describe()).toBe('60.0 requests/min (from limit), limit 60 per 60 s, burst 31');
});
