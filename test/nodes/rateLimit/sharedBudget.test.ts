/**
 * One budget per credential in the process: every item and every execution that uses the
 * credential shares it, so two executions at once stay within the platform's limit together.
 */
import { MAX_IN_FLIGHT, forgetBudgets } from '../../../nodes/shared/rateLimit/budget';
import type { FakeThoughtIndustries } from '../../fakes/thoughtIndustries.ts';
import { learnerItems, newEngine, pairedIndexes, recordCourse, recordsPerItem, startLearnerFake, tiCredential } from './fixtures.ts';

const PER_MINUTE = 1200;
const BURST = 10;
/**
 * Requests over the envelope tolerated: the fake runs in the test's own process, so on a busy
 * machine a stalled event loop hands it several requests at once that were sent apart.
 */
const SLACK = MAX_IN_FLIGHT / 2;
const engine = newEngine();
let fake: FakeThoughtIndustries;

beforeAll(async () => {
	fake = await startLearnerFake(200, { style: 'tokenBucket', perMinute: PER_MINUTE, burst: BURST });
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => {
	forgetBudgets();
	fake.activities.length = 0;
	fake.rateLimit.configure(fake.rateLimit.settings);
	fake.rateLimit.resetStats();
});

/**
 * The most requests (refused ones included) that reached the platform in any stretch of time,
 * beyond what its limit allows in that stretch: burst + rate × length.
 */
function worstExcess(arrivals: number[]): number {
	const sorted = [...arrivals].sort((a, b) => a - b);
	const perMs = PER_MINUTE / 60_000;
	let worst = Number.NEGATIVE_INFINITY;
	for (let first = 0; first < sorted.length; first++) {
		for (let last = first; last < sorted.length; last++) {
			const allowed = BURST + perMs * (sorted[last] - sorted[first]);
			worst = Math.max(worst, last - first + 1 - allowed);
		}
	}
	return worst;
}

test('two executions at once on one credential share its budget: together they stay within the limit', async () => {
	const credential = tiCredential(engine, fake.url);
	const [first, second] = await Promise.all([
		engine.run(recordCourse(credential), learnerItems(60, 0)),
		engine.run(recordCourse(credential), learnerItems(60, 100)),
	]);

	for (const result of [first, second]) {
		expect(result.status).toBe('success');
		expect(pairedIndexes(result)).toEqual(Array.from({ length: 60 }, (_, index) => index));
	}
	const recorded = recordsPerItem(fake.activities);
	expect(recorded.size).toBe(120);
	expect([...recorded.values()].every((times) => times === 1)).toBe(true);
	// Everything the two sent reached the platform at no more than the limit allows, plus its burst.
	expect(worstExcess(fake.rateLimit.stats.arrivals)).toBeLessThanOrEqual(SLACK);
	expect(fake.rateLimit.stats.limited).toBeLessThanOrEqual(MAX_IN_FLIGHT);
});

test('the same credential in two workflows is one budget; another credential is another', async () => {
	const credential = tiCredential(engine, fake.url);
	const other = tiCredential(engine, fake.url, 'another Thought Industries account');
	await Promise.all([
		engine.run(recordCourse(credential), learnerItems(30, 0), { workflowId: 'nightly-sync' }),
		engine.run(recordCourse(credential), learnerItems(30, 50), { workflowId: 'backfill' }),
	]);
	expect(worstExcess(fake.rateLimit.stats.arrivals)).toBeLessThanOrEqual(SLACK);

	// Two credentials (with the same API key, which the node cannot know) pace separately: the
	// platform sees both, and tells both through its headers and 429s. They still deliver everything once.
	fake.activities.length = 0;
	fake.rateLimit.configure(fake.rateLimit.settings);
	fake.rateLimit.resetStats();
	const results = await Promise.all([
		engine.run(recordCourse(credential), learnerItems(30, 100)),
		engine.run(recordCourse(other), learnerItems(30, 150)),
	]);
	expect(results.every((result) => result.status === 'success')).toBe(true);
	const recorded = recordsPerItem(fake.activities);
	expect(recorded.size).toBe(60);
	expect([...recorded.values()].every((times) => times === 1)).toBe(true);
});
