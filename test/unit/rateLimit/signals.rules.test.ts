/**
 * The reading rules of each rate-limit signal, one by one: which header values count, the thresholds
 * between the units of X-RateLimit-Reset, when the server's Date header corrects our clock, what a
 * 429 body's retryAfter may be, and HTTP dates read as GMT whatever this machine's time zone.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { headerValue, parseReset, parseRetryAfter, readRateSignals, retryAfterFromBody } from '../../../nodes/shared/rateLimit/signals';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);
const IN_30_S = 'Tue, 01 Dec 2026 10:00:30 GMT';

describe('header values', () => {
	test('found by any case of the name, trimmed, the first of a repeated header', () => {
		expect(headerValue({ 'Retry-After': '  5 ' }, 'retry-after')).toBe('5');
		expect(headerValue({ 'x-ratelimit-limit': ['50', '60'] }, 'X-RateLimit-Limit')).toBe('50');
		expect(headerValue({ 'x-ratelimit-limit': 50 }, 'x-ratelimit-limit')).toBe('50');
	});

	test('no headers, or a header without a value, is an absent header', () => {
		expect(headerValue(undefined, 'date')).toBeUndefined();
		expect(headerValue(null, 'date')).toBeUndefined();
		expect(headerValue({ date: undefined }, 'date')).toBeUndefined();
		expect(headerValue({ date: null }, 'date')).toBeUndefined();
		expect(headerValue({ date: [] }, 'date')).toBeUndefined();
		expect(readRateSignals(null, undefined, NOW)).toEqual({});
		expect(readRateSignals(undefined, { retryAfter: 3 }, NOW)).toEqual({ retryAfterMs: 3000 });
	});

	test('an X-RateLimit-* header without a value does not hide the draft\'s RateLimit-* header', () => {
		const headers = {
			'x-ratelimit-limit': null,
			'ratelimit-limit': '100',
			'x-ratelimit-remaining': undefined,
			'ratelimit-remaining': '7',
			'x-ratelimit-reset': [],
			'ratelimit-reset': '12',
		};
		expect(readRateSignals(headers, undefined, NOW)).toEqual({ limit: 100, remaining: 7, resetAt: NOW + 12_000 });
	});
});

describe('Retry-After and reset dates', () => {
	test('a date that states its offset is read with it', () => {
		expect(parseRetryAfter('Tue, 01 Dec 2026 11:00:30 +0100', NOW)).toBe(30_000);
		expect(parseRetryAfter('Tue, 01 Dec 2026 05:00:30 -0500', NOW)).toBe(30_000);
		expect(parseRetryAfter('Tue Dec 01 2026 11:00:30 GMT+0100', NOW)).toBe(30_000);
		expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 UTC', NOW)).toBe(30_000);
	});

	test('X-RateLimit-Reset as an HTTP date is that moment, in the past it is now, unreadable it is nothing', () => {
		expect(parseReset(IN_30_S, NOW)).toBe(NOW + 30_000);
		expect(parseReset('Tue Dec  1 10:00:30 2026', NOW)).toBe(NOW + 30_000);
		expect(parseReset('Tue, 01 Dec 2026 09:00:00 GMT', NOW)).toBe(NOW);
		expect(parseReset('soon', NOW)).toBeUndefined();
		expect(parseReset('-5', NOW)).toBeUndefined();
		expect(parseReset('  ', NOW)).toBeUndefined();
		expect(parseReset(undefined, NOW)).toBeUndefined();
		expect(parseRetryAfter('  ', NOW)).toBeUndefined();
		expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
	});

	test('HTTP dates are GMT on a machine in any time zone (the asctime form does not say so)', () => {
		// Date.parse reads a date without a zone as local time. The zone is switched by setting TZ, which
		// jest's copy of process.env cannot do: the rule is checked in a child process, east and west of GMT.
		const signalsUrl = pathToFileURL(path.resolve(__dirname, '../../../nodes/shared/rateLimit/signals.ts')).href;
		const zones = ['Asia/Kolkata', 'America/New_York'];
		const texts = [
			IN_30_S,
			'Tuesday, 01-Dec-26 10:00:30 GMT',
			'Tue Dec  1 10:00:30 2026',
			// No zone, and a dash before four digits that is the year, not an offset.
			'Tuesday, 01-Dec-2026 10:00:30',
		];
		const script = `
			const { parseRetryAfter, parseReset } = await import(process.argv[1]);
			const now = Number(process.argv[2]);
			const results = JSON.parse(process.argv[3]).map((zone) => {
				process.env.TZ = zone;
				return {
					offset: new Date(now).getTimezoneOffset(),
					delays: JSON.parse(process.argv[4]).map((text) => parseRetryAfter(text, now)),
					resets: JSON.parse(process.argv[4]).map((text) => parseReset(text, now) - now),
				};
			});
			process.stdout.write(JSON.stringify(results));`;
		const output = execFileSync(
			process.execPath,
			['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--input-type=module', '-e', script, '--', signalsUrl, String(NOW), JSON.stringify(zones), JSON.stringify(texts)],
			{ encoding: 'utf8', timeout: 60_000 },
		);
		// The same in this process too: the mutation run counts only the code a test runs in its own process.
		for (const text of texts) expect([parseRetryAfter(text, NOW), parseReset(text, NOW)]).toEqual([30_000, NOW + 30_000]);
		const inEveryZone = { delays: texts.map(() => 30_000), resets: texts.map(() => 30_000) };
		expect(JSON.parse(output)).toEqual([
			{ offset: -330, ...inEveryZone },
			{ offset: 300, ...inEveryZone },
		]);
	});
});

describe('X-RateLimit-Reset numbers', () => {
	test('spaces around the number do not change its unit', () => {
		expect(parseReset(' 1796119230 ', NOW)).toBe(1796119230_000);
		expect(parseReset(` ${NOW + 5000}\t`, NOW)).toBe(NOW + 5000);
		expect(parseReset(' 30 ', NOW)).toBe(NOW + 30_000);
	});

	test('the thresholds: more than 1e12 is milliseconds, more than 1e9 Unix seconds, up to 1e9 seconds from now', () => {
		expect(parseReset('1000000000001', NOW)).toBe(1_000_000_000_001);
		expect(parseReset('1000000000000', NOW)).toBe(1e12 * 1000);
		expect(parseReset('1000000001', NOW)).toBe(1_000_000_001_000);
		expect(parseReset('1000000000', NOW)).toBe(NOW + 1e9 * 1000);
	});

	test('a Unix time is moved onto our clock by the server\'s clock; seconds from now need no correction', () => {
		const serverNow = NOW + 3_600_000; // the server's clock is an hour ahead
		expect(parseReset(String((serverNow + 20_000) / 1000), NOW, serverNow)).toBe(NOW + 20_000);
		expect(parseReset(String(serverNow + 20_000), NOW, serverNow)).toBe(NOW + 20_000);
		expect(parseReset('20', NOW, serverNow)).toBe(NOW + 20_000);
		expect(parseReset(new Date(serverNow + 20_000).toUTCString(), NOW, serverNow)).toBe(NOW + 20_000);
		const behind = NOW - 3_600_000;
		expect(parseReset(String((behind + 20_000) / 1000), NOW, behind)).toBe(NOW + 20_000);
		const headers = { date: new Date(serverNow).toUTCString(), 'x-ratelimit-reset': String((serverNow + 20_000) / 1000) };
		expect(readRateSignals(headers, undefined, NOW)).toEqual({ resetAt: NOW + 20_000 });
	});

	test('the Date header corrects our clock only when it differs by more than its 2 s of precision', () => {
		const retryAfterWith = (serverOffset: number) =>
			readRateSignals({ Date: new Date(NOW + serverOffset).toUTCString(), 'Retry-After': IN_30_S }, undefined, NOW).retryAfterMs;
		expect(retryAfterWith(0)).toBe(30_000);
		expect(retryAfterWith(1000)).toBe(30_000);
		expect(retryAfterWith(-1000)).toBe(30_000);
		expect(retryAfterWith(2000)).toBe(30_000);
		expect(retryAfterWith(3000)).toBe(27_000);
		expect(retryAfterWith(-3000)).toBe(33_000);
		expect(readRateSignals({ Date: 'not a date', 'Retry-After': IN_30_S }, undefined, NOW).retryAfterMs).toBe(30_000);
	});
});

describe('limit, window and remaining', () => {
	test('the window from w= with any spacing and decimal seconds, or from RateLimit-Policy', () => {
		expect(readRateSignals({ 'ratelimit-limit': '100; w = 60' }, undefined, NOW)).toEqual({ limit: 100, windowMs: 60_000 });
		expect(readRateSignals({ 'ratelimit-limit': '10;W=1.5' }, undefined, NOW)).toEqual({ limit: 10, windowMs: 1500 });
		expect(readRateSignals({ 'ratelimit-limit': '10;w=0.25' }, undefined, NOW)).toEqual({ limit: 10, windowMs: 250 });
		expect(readRateSignals({ 'x-ratelimit-limit': '100', 'ratelimit-policy': '100;w=60' }, undefined, NOW)).toEqual({ limit: 100, windowMs: 60_000 });
		// The limit header's own window is the one that applies to its count.
		expect(readRateSignals({ 'ratelimit-limit': '100;w=10', 'ratelimit-policy': '100;w=60' }, undefined, NOW)).toEqual({ limit: 100, windowMs: 10_000 });
		expect(readRateSignals({ 'ratelimit-policy': '100;w=60' }, undefined, NOW)).toEqual({ windowMs: 60_000 });
	});

	test('a limit or window of zero is not learned (it would stop or divide the pacing by zero)', () => {
		expect(readRateSignals({ 'x-ratelimit-limit': '0', 'ratelimit-policy': '0;w=0' }, undefined, NOW)).toEqual({});
		expect(readRateSignals({ 'ratelimit-limit': '1;w=0' }, undefined, NOW)).toEqual({ limit: 1 });
		expect(readRateSignals({ 'ratelimit-limit': '0;w=1' }, undefined, NOW)).toEqual({ windowMs: 1000 });
	});

	test('a value that does not start with a count is not searched for digits', () => {
		// -1 is "unlimited" in several APIs: it must not become a limit of 1 request.
		expect(readRateSignals({ 'x-ratelimit-limit': '-1' }, undefined, NOW)).toEqual({});
		expect(readRateSignals({ 'x-ratelimit-limit': 'unlimited' }, undefined, NOW)).toEqual({});
		expect(readRateSignals({ 'x-ratelimit-remaining': 'unknown, reset in 30 s' }, undefined, NOW)).toEqual({});
		expect(readRateSignals({ 'x-ratelimit-remaining': 'n/a' }, undefined, NOW)).toEqual({});
	});

	test('an answer without rate-limit headers or body field says nothing', () => {
		expect(readRateSignals({ 'content-type': 'application/json' }, { message: 'Not found' }, NOW)).toEqual({});
		expect(readRateSignals({ 'content-type': 'application/json' }, '{"message":"Not found"}', NOW)).toEqual({});
	});
});

describe("a 429 body's retryAfter", () => {
	test('seconds as a number or a numeric string, in a parsed body or in its JSON text', () => {
		expect(retryAfterFromBody({ retryAfter: 32 })).toBe(32_000);
		expect(retryAfterFromBody({ retryAfter: '32' })).toBe(32_000);
		expect(retryAfterFromBody({ retryAfter: ' 1.5 ' })).toBe(1500);
		expect(retryAfterFromBody({ retry_after: 5 })).toBe(5000);
		expect(retryAfterFromBody({ retryAfter: 0 })).toBe(0);
		expect(retryAfterFromBody('{"error":"rate_limit_exceeded","retryAfter":32}')).toBe(32_000);
		expect(retryAfterFromBody('{"retryAfter":"2.5"}')).toBe(2500);
	});

	test('anything else is no stated delay', () => {
		for (const body of [undefined, null, 'null', '', 'Too Many Requests', '[{"retryAfter":1}]', '"32"', 32, {}, { message: 'slow down' }]) {
			expect(retryAfterFromBody(body)).toBeUndefined();
		}
		// Not a count of seconds: negative, infinite, empty, a flag, hex, exponent, words.
		for (const retryAfter of [-5, Number.NaN, '', true, '0x10', '1e3', 'soon', '-1', null]) {
			expect(retryAfterFromBody({ retryAfter })).toBeUndefined();
		}
		expect(retryAfterFromBody('{"retryAfter":1e999}')).toBeUndefined();
		expect(retryAfterFromBody({ retryAfter: Number.POSITIVE_INFINITY })).toBeUndefined();
	});

	test('the Retry-After header wins over the body', () => {
		expect(readRateSignals({ 'retry-after': '5' }, { retryAfter: 32 }, NOW)).toEqual({ retryAfterMs: 5000 });
	});
});
