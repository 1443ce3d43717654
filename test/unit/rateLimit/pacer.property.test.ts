/**
 * The pacer against simulated platforms (the fakes' own limiters, in simulated time): for random
 * limits, sizes and latencies, every request is delivered, refusals stay under 2 % once the limit is
 * learned, and the run takes at most 10 % longer than the least time the limit allows. Seeded:
 * FC_SEED=<n> reruns a case; the seed in use is printed.
 */
import fc from 'fast-check';

import { MAX_IN_FLIGHT } from '../../../nodes/shared/rateLimit/budget';
import { Pacer, WINDOW_MARGIN_MS } from '../../../nodes/shared/rateLimit/pacer';
import { FixedWindowLimiter, TokenBucketLimiter, minimumSeconds } from '../../fakes/rateLimit/limiters.ts';
import type { Limiter } from '../../fakes/rateLimit/limiters.ts';
import { simulate } from './simulation.ts';
import { PROPERTY_SEED } from '../../setup/propertySeed.ts';

// The run's pinned seed (test/setup/propertySeed.ts prints it; FC_SEED picks another).
const SEED = PROPERTY_SEED;

interface Platform {
	kind: 'bucket' | 'window';
	make: () => Limiter;
	/** Requests the platform allows at once, and per second after that. */
	burst: number;
	perSecond: number;
	/** Whether its answers carry X-RateLimit-* (else only Retry-After on a 429). */
	headers: boolean;
	windowSeconds?: number;
}

const bucket: fc.Arbitrary<Platform> = fc
	.record({ perMinute: fc.integer({ min: 60, max: 60_000 }), burst: fc.integer({ min: 2, max: 100 }), headers: fc.boolean() })
	.map(({ perMinute, burst, headers }): Platform => ({
		kind: 'bucket',
		make: () => new TokenBucketLimiter({ perMinute, burst, headers: headers ? 'documented' : 'retryAfterOnly' }),
		burst,
		perSecond: perMinute / 60,
		headers,
	}));

// Laravel's windows: long enough that the pacer's first probe (one per limit/60 s, the per-minute
// assumption both platforms document) falls inside one, as with any per-minute limit.
const window: fc.Arbitrary<Platform> = fc
	.record({ limit: fc.integer({ min: 10, max: 200 }), windowSeconds: fc.integer({ min: 10, max: 120 }) })
	.map(({ limit, windowSeconds }): Platform => ({
		kind: 'window',
		make: () => new FixedWindowLimiter({ limit, windowSeconds }),
		burst: limit,
		perSecond: limit / windowSeconds,
		headers: true,
		windowSeconds,
	}));

const scenario = fc
	.record({
		platform: fc.oneof(bucket, window),
		requests: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 300, max: 2000 })),
		latencyMs: fc.integer({ min: 1, max: 300 }),
		jitterShare: fc.double({ min: 0, max: 1, noNaN: true }),
		randomSeed: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
		startAtMs: fc.integer({ min: 1_800_000_000_000, max: 1_800_000_100_000 }),
	})
	// A platform's burst absorbs the network's jitter (requests sent evenly arrive bunched), as every
	// published limit does (Thought Industries: 20 at 2 per second): burst >= 2 x rate x jitter.
	.filter(({ platform, latencyMs, jitterShare }) => platform.burst >= 2 * platform.perSecond * ((latencyMs * jitterShare) / 1000));

function lcg(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 16807) % 2147483647;
		return state / 2147483647;
	};
}

test('every request delivered, few refusals, near the least time the limit allows', () => {
	fc.assert(
		fc.property(scenario, ({ platform, requests, latencyMs, jitterShare, randomSeed, startAtMs }) => {
			const jitterMs = latencyMs * jitterShare;
			// A fixed window hands out its whole limit at its start: the last request's window starts
			// floor((N - 1) / limit) windows in. A bucket: the burst at once, then the rate.
			const limitMs = platform.windowSeconds
				? Math.floor((requests - 1) / platform.burst) * platform.windowSeconds * 1000
				: minimumSeconds(requests, platform.burst, platform.perSecond) * 1000;
			const result = simulate({
				limiter: platform.make(),
				requests,
				latencyMs,
				jitterMs,
				random: lcg(randomSeed),
				pacers: [new Pacer(MAX_IN_FLIGHT)],
				maxSimulatedMs: Math.max(3_600_000, 3 * limitMs),
				startAtMs,
			});
			expect(result.accepted).toBe(requests);

			// Refusals: learning the limit may cost a few (a window's first probe, the first burst
			// without headers); after that at most 2 %.
			const learning = platform.headers ? 2 : 3 * MAX_IN_FLIGHT;
			expect(result.limited).toBeLessThanOrEqual(0.02 * requests + learning);

			// Time: the limit's least time, or what 8 requests in flight allow, whichever is longer.
			const roundTripMs = latencyMs + jitterMs;
			const inFlightMs = (requests / MAX_IN_FLIGHT) * roundTripMs;
			const windows = platform.windowSeconds ? Math.ceil(requests / platform.burst) : 0;
			// Each window is found ended a margin and a round trip after its end; a bucket needs a round trip to start.
			const overheadMs = windows * (WINDOW_MARGIN_MS + 2 * roundTripMs) + 4 * roundTripMs + 50;
			// A window's requests still go out 8 at a time: the last window needs that long after it starts.
			const lastWindow = platform.windowSeconds ? requests - Math.floor((requests - 1) / platform.burst) * platform.burst : 0;
			const pacedMs = platform.windowSeconds ? limitMs + (lastWindow / MAX_IN_FLIGHT) * roundTripMs : Math.max(limitMs, inFlightMs);
			// Without headers the rate can only be learned from refusals, each of which costs the
			// platform's Retry-After (a whole second here): at worst one burst per refusal.
			const allowedMs = platform.headers
				? 1.1 * pacedMs + overheadMs
				: Math.max(1.6 * pacedMs, (requests / platform.burst) * (1050 + 2 * roundTripMs)) + overheadMs + 3000;
			// Plus the whole-second Retry-After of each of the few refusals (bounded above).
			expect(result.elapsedMs).toBeLessThanOrEqual(allowedMs + 1000 * Math.min(result.limited, learning));
		}),
		{ seed: SEED, numRuns: Number(process.env.PACER_PROPERTY_RUNS ?? 150), endOnFailure: true },
	);
});
