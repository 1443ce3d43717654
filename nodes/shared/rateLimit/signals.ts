/**
 * What a platform's answer says about its rate limit, read from the headers both platforms use
 * (`X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`, `Retry-After`), the IETF
 * draft's `RateLimit-*` names, and a `retryAfter` field in a 429's JSON body (Thought Industries).
 * All times are turned into this process's clock (milliseconds since the epoch).
 */
export interface RateSignals {
	/** Requests allowed per window. */
	limit?: number;
	/** The window's length, when the answer states it (`limit;w=60`, `RateLimit-Policy`). */
	windowMs?: number;
	/** Requests left in the current window (a token bucket: whole tokens left). */
	remaining?: number;
	/** When the window resets (or the bucket is full again). */
	resetAt?: number;
	/** How long to wait before sending again (Retry-After, or the body's retryAfter). */
	retryAfterMs?: number;
}

export type HeaderBag = Record<string, unknown> | undefined | null;

/** A header's value (first one if repeated), by case-insensitive name. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const first = Array.isArray(value) ? value[0] : value;
		if (first === undefined || first === null) return undefined;
		return String(first).trim();
	}
	return undefined;
}

const NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * Retry-After as RFC 9110 defines it: delay-seconds, or an HTTP-date (IMF-fixdate, and the
 * obsolete RFC 850 and asctime forms, which Date.parse reads). A date in the past means "now".
 * Decimal seconds are accepted too (some servers send them).
 */
export function parseRetryAfter(value: string | undefined, now: number, serverNow?: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (NUMBER.test(text)) return Math.round(Number(text) * 1000);
	if (!/[a-z]/i.test(text)) return undefined;
	// HTTP dates are GMT; the asctime form does not say so, and Date.parse would read it as local time.
	const at = Date.parse(/(GMT|UTC|[+-]\d{4})$/i.test(text) ? text : `${text} GMT`);
	if (Number.isNaN(at)) return undefined;
	// Against the server's own clock when its Date header is known: clocks of two machines differ.
	return Math.max(0, at - (serverNow ?? now));
}

/**
 * X-RateLimit-Reset: a Unix time in seconds (Thought Industries, Laravel), in milliseconds, or a
 * number of seconds from now (the IETF draft's RateLimit-Reset, and some APIs); an HTTP-date also
 * occurs. Returns the moment on this process's clock.
 */
export function parseReset(value: string | undefined, now: number, serverNow?: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (NUMBER.test(text)) {
		const number = Number(text);
		const skew = serverNow === undefined ? 0 : now - serverNow;
		if (number > 1e12) return number + skew;
		if (number > 1e9) return number * 1000 + skew;
		return now + number * 1000;
	}
	const delay = parseRetryAfter(text, now, serverNow);
	return delay === undefined ? undefined : now + delay;
}

/** `120`, `120, 120;w=60` (IETF draft), `100;w=60;burst=20`: the first count, and w= if given. */
function parseLimit(value: string | undefined): { limit?: number; windowMs?: number } {
	if (value === undefined) return {};
	const match = /^\s*(\d+)/.exec(value);
	if (!match) return {};
	const window = /;\s*w\s*=\s*(\d+(?:\.\d+)?)/i.exec(value);
	return { limit: Number(match[1]), windowMs: window ? Number(window[1]) * 1000 : undefined };
}

function parseCount(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const match = /^\s*(-?\d+)/.exec(value);
	return match ? Math.max(0, Number(match[1])) : undefined;
}

/** The `retryAfter` (seconds) a JSON error body may carry, as Thought Industries' 429 does. */
export function retryAfterFromBody(body: unknown): number | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return undefined;
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const field = (value as Record<string, unknown>).retryAfter ?? (value as Record<string, unknown>).retry_after;
	const seconds = typeof field === 'string' && NUMBER.test(field.trim()) ? Number(field) : field;
	return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/** Everything an answer says about the rate limit; fields the answer does not carry stay undefined. */
export function readRateSignals(headers: HeaderBag, body: unknown, now: number): RateSignals {
	const dateHeader = headerValue(headers, 'date');
	const serverDate = dateHeader ? Date.parse(dateHeader) : Number.NaN;
	// The Date header has whole seconds: only trust it to correct skews larger than that.
	const serverNow = !Number.isNaN(serverDate) && Math.abs(serverDate - now) > 2000 ? serverDate : undefined;

	const limitHeader = headerValue(headers, 'x-ratelimit-limit') ?? headerValue(headers, 'ratelimit-limit');
	const { limit, windowMs: limitWindow } = parseLimit(limitHeader);
	const policy = parseLimit(headerValue(headers, 'ratelimit-policy'));
	const remaining = parseCount(headerValue(headers, 'x-ratelimit-remaining') ?? headerValue(headers, 'ratelimit-remaining'));
	const resetAt =
		parseReset(headerValue(headers, 'x-ratelimit-reset'), now, serverNow) ??
		parseReset(headerValue(headers, 'ratelimit-reset'), now, serverNow);
	const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), now, serverNow) ?? retryAfterFromBody(body);

	const windowMs = limitWindow ?? policy.windowMs;
	return {
		limit: (limit ?? 0) > 0 ? limit : undefined,
		windowMs: (windowMs ?? 0) > 0 ? windowMs : undefined,
		remaining,
		resetAt,
		retryAfterMs,
	};
}
