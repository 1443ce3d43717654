/**
 * A fake platform's rate limit: a limiter (see limiters.ts) in front of its API routes, set per
 * test, sandbox and benchmark, off unless configured. Every answer of a limited route carries the
 * limiter's headers; a refused request gets its 429 and never reaches the route. Arrival times are
 * kept so tests can check that clients stay within the limit (not only that the fake enforced it).
 */
import type { FakeResponse } from '../fakeServer.ts';
import type { FixedWindowSettings, Limiter, TokenBucketSettings } from './limiters.ts';
import { FixedWindowLimiter, TokenBucketLimiter } from './limiters.ts';

export type RateLimitSettings = ({ style: 'tokenBucket' } & TokenBucketSettings) | ({ style: 'fixedWindow' } & FixedWindowSettings);

export function limiterFor(settings: RateLimitSettings): Limiter {
	return settings.style === 'tokenBucket' ? new TokenBucketLimiter(settings) : new FixedWindowLimiter(settings);
}

export interface RateLimitStats {
	admitted: number;
	limited: number;
	/** When each request reached the limiter (ms since the epoch), refused or not. */
	arrivals: number[];
	/** When each admitted request reached it. */
	admittedAt: number[];
}

export class RateLimit {
	private limiter?: Limiter;
	settings?: RateLimitSettings;
	stats: RateLimitStats = { admitted: 0, limited: 0, arrivals: [], admittedAt: [] };

	constructor(settings?: RateLimitSettings) {
		this.configure(settings);
	}

	/** A fresh limiter (full bucket, no window) with these settings; undefined turns the limit off. */
	configure(settings?: RateLimitSettings): this {
		this.settings = settings;
		this.limiter = settings ? limiterFor(settings) : undefined;
		return this;
	}

	resetStats(): void {
		this.stats = { admitted: 0, limited: 0, arrivals: [], admittedAt: [] };
	}

	get description(): string {
		return this.limiter?.description ?? 'no rate limit';
	}

	/** Answers a request of `key` (an API key, a token): the route's answer with the limit's headers, or the 429. */
	async apply(key: string, route: () => FakeResponse | Promise<FakeResponse>): Promise<FakeResponse> {
		if (!this.limiter) return await route();
		const now = Date.now();
		const answer = this.limiter.take(key, now);
		this.stats.arrivals.push(now);
		if (!answer.admitted) {
			this.stats.limited += 1;
			return { status: 429, headers: answer.headers, body: answer.body };
		}
		this.stats.admitted += 1;
		this.stats.admittedAt.push(now);
		const response = await route();
		return { ...response, headers: { ...answer.headers, ...response.headers } };
	}
}

/** The published standard plans, as `npm start`'s fakes run them. */
export const STANDARD_PLANS: { thoughtIndustries: RateLimitSettings; academyOcean: RateLimitSettings } = {
	// Thought Industries developer docs, "rate limits": standard plan 120 requests/min, burst 20.
	thoughtIndustries: { style: 'tokenBucket', perMinute: 120, burst: 20 },
	// AcademyOcean publishes no number: Laravel's default API throttle, 60 requests per minute.
	academyOcean: { style: 'fixedWindow', limit: 60, windowSeconds: 60 },
};
