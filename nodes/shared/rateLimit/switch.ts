/**
 * Pacing is always on for users: no setting turns it off. This switch exists only so that
 * comparisons can run the same build with today's behaviour (every item at once, no retries) side
 * by side with the paced one: `bench/suites/rateLimit.ts` and the token-mechanism test.
 */
let pacing = true;

export function setPacingForComparisons(enabled: boolean): void {
	pacing = enabled;
}

export function pacingEnabled(): boolean {
	return pacing;
}
