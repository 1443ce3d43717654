/**
 * The two platforms' rate limiters, as pure state machines over a clock the caller passes in, so
 * that the fake servers (real time) and the simulated platforms of the property tests (simulated
 * time) share one implementation.
 *
 * - Thought Industries (developer docs, "rate limits"): a per-API-key quota per minute with a burst
 *   allowance, modelled as a token bucket (capacity = burst, refilled at perMinute/60 per second).
 *   Every answer carries X-RateLimit-Limit (the per-minute quota), X-RateLimit-Remaining (whole
 *   tokens left) and X-RateLimit-Reset (Unix seconds when the bucket is full again); a 429 adds
 *   Retry-After and `{"error":"rate_limit_exceeded","message":"…","retryAfter":N}`.
 * - AcademyOcean (Laravel's ThrottleRequests): a fixed window per client that starts at its first
 *   request and lasts decaySeconds; answers carry X-RateLimit-Limit and X-RateLimit-Remaining, and
 *   a 429 adds Retry-After and X-RateLimit-Reset with Laravel's stock body
 *   `{"message":"Too Many Attempts."}`. A refused request does not count. Retry-After is Laravel's
 *   whole-second `availableIn` (the `:timer` minus the current second), so it is up to a second off
 *   the real end, and may be 0.
 */

export interface LimiterAnswer {
	/** Whether the request may proceed. */
	admitted: boolean;
	headers: Record<string, string>;
	/** The 429 body when not admitted. */
	body?: unknown;
}

export interface Limiter {
	/** One request of `key` at `now` (ms). */
	take(key: string, now: number): LimiterAnswer;
	/** A short description for logs and reports. */
	readonly description: string;
}

export interface TokenBucketSettings {
	/** Requests per minute (the published quota; X-RateLimit-Limit). */
	perMinute: number;
	/** Burst allowance: the bucket's capacity. */
	burst: number;
	/** Which headers answers carry: all documented ones (default), or only Retry-After on a 429. */
	headers?: 'documented' | 'retryAfterOnly';
	/** A fixed Retry-After in seconds instead of the time until the next token (the "today" limiter says 1). */
	retryAfterSeconds?: number;
}

interface Bucket {
	tokens: number;
	at: number;
}

/** Thought Industries: a token bucket per API key with the documented headers and 429 body. */
export class TokenBucketLimiter implements Limiter {
	readonly settings: TokenBucketSettings;
	private readonly buckets = new Map<string, Bucket>();

	constructor(settings: TokenBucketSettings) {
		this.settings = settings;
	}

	get description(): string {
		return `token bucket ${this.settings.perMinute}/min, burst ${this.settings.burst}`;
	}

	take(key: string, now: number): LimiterAnswer {
		const { perMinute, burst } = this.settings;
		const perMs = perMinute / 60_000;
		const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
		bucket.at = now;
		this.buckets.set(key, bucket);
		const admitted = bucket.tokens >= 1;
		if (admitted) bucket.tokens -= 1;
		const fullAt = now + (burst - bucket.tokens) / perMs;
		const documented = this.settings.headers !== 'retryAfterOnly';
		const headers: Record<string, string> = documented
			? {
					'x-ratelimit-limit': String(perMinute),
					'x-ratelimit-remaining': String(Math.floor(bucket.tokens)),
					'x-ratelimit-reset': String(Math.ceil(fullAt / 1000)),
				}
			: {};
		if (admitted) return { admitted, headers };
		const retryAfter = this.settings.retryAfterSeconds ?? Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
		headers['retry-after'] = String(retryAfter);
		return {
			admitted,
			headers,
			body: {
				error: 'rate_limit_exceeded',
				message: `Request rate limit reached. Retry after ${retryAfter} seconds.`,
				retryAfter,
			},
		};
	}
}

export interface FixedWindowSettings {
	/** maxAttempts: requests per window (Laravel's default API throttle: 60). */
	limit: number;
	/** decaySeconds: the window's length (Laravel's default: 60). */
	windowSeconds: number;
}

interface Window {
	hits: number;
	/** When the window really ends: the cache entries expire decaySeconds after the first hit. */
	endsAt: number;
	/** Laravel's `:timer` value: availableAt(decaySeconds), a Unix time in whole seconds. */
	timer: number;
}

export const LARAVEL_THROTTLE_BODY = { message: 'Too Many Attempts.' };

/** AcademyOcean: Laravel's throttle, a fixed window per client with its stock 429 answer. */
export class FixedWindowLimiter implements Limiter {
	readonly settings: FixedWindowSettings;
	private readonly windows = new Map<string, Window>();

	constructor(settings: FixedWindowSettings) {
		this.settings = settings;
	}

	get description(): string {
		return `fixed window ${this.settings.limit} per ${this.settings.windowSeconds} s`;
	}

	take(key: string, now: number): LimiterAnswer {
		const { limit, windowSeconds } = this.settings;
		let window = this.windows.get(key);
		if (!window || now >= window.endsAt) {
			window = { hits: 0, endsAt: now + windowSeconds * 1000, timer: Math.floor(now / 1000) + windowSeconds };
			this.windows.set(key, window);
		}
		if (window.hits >= limit) {
			// Laravel's whole-second arithmetic: availableIn = timer - currentTime(). It can be up to a
			// second early or late against the real end, and 0 while the window still holds.
			const retryAfter = Math.max(0, window.timer - Math.floor(now / 1000));
			return {
				admitted: false,
				headers: {
					'x-ratelimit-limit': String(limit),
					'x-ratelimit-remaining': '0',
					'retry-after': String(retryAfter),
					'x-ratelimit-reset': String(Math.floor(now / 1000) + retryAfter),
				},
				body: LARAVEL_THROTTLE_BODY,
			};
		}
		window.hits += 1;
		return {
			admitted: true,
			headers: { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(limit - window.hits) },
		};
	}
}

/** The least time N requests need under a limiter that allows `burst` at once and `perSecond` after. */
export function minimumSeconds(requests: number, burst: number, perSecond: number): number {
	return Math.max(0, requests - burst) / perSecond;
}
