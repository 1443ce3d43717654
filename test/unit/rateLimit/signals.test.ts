import fc from 'fast-check';

import { backoffMs } from '../../../nodes/shared/rateLimit/pacedItem';
import { itemRanges } from '../../../nodes/shared/rateLimit/messages';
import { parseReset, parseRetryAfter, readRateSignals } from '../../../nodes/shared/rateLimit/signals';
import { parseRanges } from '../../nodes/rateLimit/fixtures.ts';
import { PROPERTY_SEED } from '../../setup/propertySeed.ts';

// The run's pinned seed (test/setup/propertySeed.ts prints it; FC_SEED picks another).
const SEED = PROPERTY_SEED;
const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);

describe('Retry-After', () => {
	test('delay-seconds, decimals, and every HTTP-date form RFC 9110 allows', () => {
		expect(parseRetryAfter('120', NOW)).toBe(120_000);
		expect(parseRetryAfter(' 1.5 ', NOW)).toBe(1500);
		expect(parseRetryAfter('0', NOW)).toBe(0);
		// IMF-fixdate, obsolete RFC 850, asctime.
		expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Tuesday, 01-Dec-26 10:00:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Tue Dec  1 10:00:30 2026', NOW)).toBe(30_000);
		// A date in the past means now; garbage means nothing.
		expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfter('soon', NOW)).toBeUndefined();
		expect(parseRetryAfter('-5', NOW)).toBeUndefined();
		expect(parseRetryAfter('', NOW)).toBeUndefined();
	});

	test('an HTTP date is read against the server\'s own clock when its Date header differs from ours', () => {
		const serverNow = NOW + 3_600_000; // the server's clock is an hour ahead
		expect(parseRetryAfter(new Date(serverNow + 10_000).toUTCString(), NOW, serverNow)).toBe(10_000);
		const signals = readRateSignals({ date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 10_000).toUTCString() }, undefined, NOW);
		expect(signals.retryAfterMs).toBe(10_000);
	});

	test('property: any future moment written as an HTTP date comes back to within its second', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 7 * 86_400_000 }), (ahead) => {
				const text = new Date(NOW + ahead).toUTCString();
				const parsed = parseRetryAfter(text, NOW) as number;
				expect(parsed).toBeGreaterThan(ahead - 1000);
				expect(parsed).toBeLessThanOrEqual(ahead);
			}),
			{ seed: SEED, numRuns: 300 },
		);
	});
});

describe('X-RateLimit-Reset and the limit headers', () => {
	test('Unix seconds (Thought Industries, Laravel), milliseconds, or seconds from now', () => {
		expect(parseReset('1796119230', NOW)).toBe(1796119230_000);
		expect(parseReset(String(NOW + 5000), NOW)).toBe(NOW + 5000);
		expect(parseReset('30', NOW)).toBe(NOW + 30_000);
	});

	test('Thought Industries\' documented answer and 429 body', () => {
		const signals = readRateSignals(
			{ 'X-RateLimit-Limit': '120', 'X-RateLimit-Remaining': '87', 'X-RateLimit-Reset': String(NOW / 1000 + 20) },
			undefined,
			NOW,
		);
		expect(signals).toEqual({ limit: 120, remaining: 87, resetAt: NOW + 20_000 });
		const limited = readRateSignals({}, { error: 'rate_limit_exceeded', message: 'Request rate limit reached. Retry after 32 seconds.', retryAfter: 32 }, NOW);
		expect(limited.retryAfterMs).toBe(32_000);
	});

	test("Laravel's throttle answer, and the IETF draft's RateLimit-* with a window", () => {
		expect(readRateSignals({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'retry-after': '42', 'x-ratelimit-reset': String(NOW / 1000 + 42) }, '{"message":"Too Many Attempts."}', NOW)).toEqual({
			limit: 60,
			remaining: 0,
			retryAfterMs: 42_000,
			resetAt: NOW + 42_000,
		});
		expect(readRateSignals({ 'ratelimit-limit': '100, 100;w=60', 'ratelimit-remaining': '7', 'ratelimit-reset': '12' }, undefined, NOW)).toEqual({
			limit: 100,
			windowMs: 60_000,
			remaining: 7,
			resetAt: NOW + 12_000,
		});
		expect(readRateSignals({ 'x-ratelimit-limit': ['50'], 'x-ratelimit-remaining': '-3' }, undefined, NOW)).toEqual({ limit: 50, remaining: 0 });
	});
});

describe('backoff and item ranges', () => {
	test('property: retry n waits between half and all of min(30 s, 1 s x 2^(n-1))', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, random) => {
				const ceiling = Math.min(30_000, 1000 * 2 ** (retry - 1));
				const wait = backoffMs(retry, () => random);
				expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
				expect(wait).toBeLessThanOrEqual(ceiling);
			}),
			{ seed: SEED, numRuns: 500 },
		);
	});

	test('property: ranges list exactly the items given, in order', () => {
		fc.assert(
			fc.property(fc.uniqueArray(fc.nat({ max: 3000 }), { maxLength: 400 }), (indexes) => {
				const sorted = [...indexes].sort((a, b) => a - b);
				expect(parseRanges(itemRanges(indexes, Number.POSITIVE_INFINITY))).toEqual(sorted);
			}),
			{ seed: SEED, numRuns: 300 },
		);
		expect(itemRanges([0, 1, 2, 3, 5, 7, 8])).toBe('0–3, 5, 7–8');
		expect(itemRanges([1, 3, 5, 7], 2)).toBe('1, 3, …');
	});
});
