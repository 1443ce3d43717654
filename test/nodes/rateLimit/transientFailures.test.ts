/**
 * Transient failures: what was not applied (refused connections, 502, 503) is sent again after a
 * backoff; what may have been applied (an answer lost after the request was sent, a 504) is sent
 * again only when the operation is safe to repeat, otherwise the item fails saying so and is never
 * sent again, not even by n8n's Retry On Fail.
 */
import { forgetClientCredentialsTokens } from '../../../nodes/shared/clientCredentialsToken';
import type { NodeApiError } from 'n8n-workflow';

import { forgetBudgets } from '../../../nodes/shared/rateLimit/budget';
import { MAX_RETRIES } from '../../../nodes/shared/rateLimit/pacedItem';
import { FaultyFront } from '../../fakes/faults/faultyFront.ts';
import type { FakeThoughtIndustries } from '../../fakes/thoughtIndustries.ts';
import { LEARNING_PATH_ID } from '../../harness/thoughtIndustriesFixture.ts';
import { learnerItems, newEngine, recordCourse, recordLearningPath, recordsPerItem, startLearnerFake, stoppingPointOf, tiCredential } from './fixtures.ts';

const engine = newEngine();
let fake: FakeThoughtIndustries;
let front: FaultyFront;
const awards = { additionalFields: { awards: { award: [{ awardTypeId: 'points', amount: 10 }] } } };

beforeAll(async () => {
	fake = await startLearnerFake(50);
	front = await new FaultyFront(fake.url).start();
	fake.state.learningPaths.push(LEARNING_PATH_ID);
});

afterAll(async () => {
	await front.stop();
	await fake.stop();
});

beforeEach(() => {
	forgetBudgets();
	forgetClientCredentialsTokens();
	fake.activities.length = 0;
	fake.server.requests.length = 0;
	fake.server.clearFaults();
});

/** What n8n makes of a 502 with an HTML body (the node's own error, before the gave-up line). */
const ORIGINAL_502_DESCRIPTION = '<html>Bad Gateway</html>';
const ORIGINAL_502_MESSAGE = 'Thought Industries rejected the request (502): <html>Bad Gateway</html>';

function expectEachRecordedOnce(count: number): void {
	const recorded = recordsPerItem(fake.activities);
	expect(recorded.size).toBe(count);
	expect([...recorded.values()].every((times) => times === 1)).toBe(true);
}

describe('nothing was applied: sent again after a backoff', () => {
	test('connections refused while the platform restarts', async () => {
		front.refuseFor(700);
		const result = await engine.run(recordCourse(tiCredential(engine, front.url)), learnerItems(20));
		expect(result.status).toBe('success');
		expectEachRecordedOnce(20);
	});

	test('a burst of 502 and 503 answers', async () => {
		fake.server.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }, 2);
		fake.server.inject({ kind: 'status', status: 503, body: '<html>Service Unavailable</html>' }, 2);
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), learnerItems(20));
		expect(result.status).toBe('success');
		expectEachRecordedOnce(20);
		expect(fake.server.requests).toHaveLength(24);
	});

	test('a 503 with Retry-After as an HTTP date holds the whole credential until then', async () => {
		const arrivals: number[] = [];
		const http = (fake.server as unknown as { server: import('node:http').Server }).server;
		const onRequest = () => arrivals.push(Date.now());
		http.on('request', onRequest);
		const until = new Date(Date.now() + 2500);
		fake.server.inject({ kind: 'status', status: 503, headers: { 'retry-after': until.toUTCString() } }, 1);
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), learnerItems(10));
		http.off('request', onRequest);
		expect(result.status).toBe('success');
		expectEachRecordedOnce(10);
		// Requests already in flight when the 503 came may arrive right after it; after those, nothing
		// until the date (whole seconds, so at least 1.5 s after the 503 was armed).
		const late = arrivals.filter((at) => at >= until.getTime() - 1000);
		expect(late.length).toBeGreaterThanOrEqual(1);
		expect(arrivals.filter((at) => at < until.getTime() - 1000).length).toBeLessThanOrEqual(8);
	});
});

describe('retries run out: the item fails after MAX_RETRIES retries', () => {
	// Eight backoffs take a minute or two: the clock and timers are jest's (the requests are real), the
	// backoff's random draw is 0, so the waits are exactly 0.5, 1, 2, 4, 8, 15, 15 and 15 s.
	let random: jest.SpyInstance;

	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
		random = jest.spyOn(Math, 'random').mockReturnValue(0);
	});

	afterEach(() => {
		random.mockRestore();
		jest.useRealTimers();
	});

	/** Runs the promise to its end, letting real I/O happen and moving the fake clock 50 ms at a time. */
	async function withFakeClock<T>(promise: Promise<T>): Promise<T> {
		let done = false;
		void promise.finally(() => (done = true)).catch(() => undefined);
		for (let step = 0; !done && step < 100_000; step++) {
			for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
			await jest.advanceTimersByTimeAsync(50);
		}
		return await promise;
	}

	test('eight failures in a row are retried, the ninth request goes through', async () => {
		fake.server.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }, MAX_RETRIES);
		const result = await withFakeClock(engine.run(recordCourse(tiCredential(engine, fake.url), { options: { includePacingDetails: true } }), learnerItems(1)));
		expect(result.status).toBe('success');
		expect(result.items[0].json.pacing).toEqual({ requests: 9, rateLimited: 0, retried: 8, waitedMs: 60_500 });
		expectEachRecordedOnce(1);
	});

	test('a ninth 502 in a row: the description says so first, the error itself is kept', async () => {
		fake.server.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }, MAX_RETRIES + 1);
		const result = await withFakeClock(engine.run(recordCourse(tiCredential(engine, fake.url)), learnerItems(1)));
		expect(result.status).toBe('error');
		const error = result.error as NodeApiError;
		const [first, ...rest] = String(error.description).split('\n');
		expect(first).toMatch(/^Thought Industries answered 502 9 times in a row over 1\.\d min; the node gave up on this item\. Try again later\.$/);
		expect(rest.join('\n')).toBe(ORIGINAL_502_DESCRIPTION);
		expect(error.message).toBe(ORIGINAL_502_MESSAGE);
		expect(error.httpCode).toBe('502');
		expect(error.context.itemIndex).toBe(0);
		expect(fake.server.requests).toHaveLength(9);
		expect(fake.activities).toHaveLength(0);
	});

	test('refused connections: the description names the connection failure', async () => {
		front.refuseFor(70_000);
		const result = await withFakeClock(engine.run(recordCourse(tiCredential(engine, front.url)), learnerItems(1))).finally(
			// Let the front door open again (its timer is on jest's clock) before the real clock is back.
			async () => await jest.advanceTimersByTimeAsync(70_000),
		);
		expect(result.status).toBe('error');
		const [first] = String((result.error as NodeApiError).description).split('\n');
		expect(first).toMatch(/^Thought Industries connection failed \(ECONNREFUSED\) 9 times in a row over 1\.\d min; the node gave up on this item\. Try again later\.$/);
		expect(fake.activities).toHaveLength(0);
	});
});

describe('may have been applied: sent again only when safe to repeat', () => {
	test('a completion whose answer was lost is sent again (recording it twice leaves one completion)', async () => {
		front.loseAnswers(1);
		const result = await engine.run(recordCourse(tiCredential(engine, front.url)), learnerItems(1));
		expect(result.status).toBe('success');
		expect(front.counts.lostAnswers).toBeGreaterThanOrEqual(1);
		expect(fake.activities).toHaveLength(2);
	});

	test('a request reset before the platform saw it is sent again, and recorded once', async () => {
		front.resetRequests(2);
		const result = await engine.run(recordLearningPath(tiCredential(engine, front.url), LEARNING_PATH_ID), learnerItems(10));
		expect(result.status).toBe('success');
		expect(fake.activities).toHaveLength(10);
	});

	test('an activity that grants awards is not sent again: the item fails saying it may have been recorded', async () => {
		front.loseAnswers(1);
		const result = await engine.run(recordCourse(tiCredential(engine, front.url), awards), learnerItems(12));
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^No answer from Thought Industries for item (\d+) after it was sent: it may have been applied/);
		expect(String((result.error as { description?: string }).description)).toContain('it grants awards, and a second request would grant them again');
		const point = stoppingPointOf(result);
		expect(point.mayHaveBeenApplied).toHaveLength(1);
		const [inDoubt] = point.mayHaveBeenApplied;
		// It was applied (the answer was lost on the way back) and sent exactly once.
		expect(recordsPerItem(fake.activities).get(inDoubt)).toBe(1);
		const sentFor = fake.server.requests.filter((request) => request.body.includes(`"learner${inDoubt}@example.com"`));
		expect(sentFor).toHaveLength(1);
		expect(point.failed).toEqual([]);
	});

	test('its error exactly: the item, what happened to the connection, why it is not repeated, the original error', async () => {
		front.loseAnswers(1);
		const result = await engine.run(recordCourse(tiCredential(engine, front.url), awards), learnerItems(1));
		const error = result.error as NodeApiError;
		expect(error.message).toBe('No answer from Thought Industries for item 0 after it was sent: it may have been applied');
		expect(error.description).toBe(
			'The connection was lost before an answer came (ECONNRESET). The node does not send it again by itself because it grants awards, and a second request would grant them again. Check it in Thought Industries before sending it again. (The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.)',
		);
		expect(error.httpCode).toBeFalsy();
		expect(error.context.itemIndex).toBe(0);
		expect(error.context.stoppingPoint).toBeUndefined();
	});

	test('an item waiting to be sent again after a lost answer when the run stops is reported as may have been applied, not as not sent', async () => {
		// One request every 100 ms, so item 0 goes first: its answer is lost (it WAS recorded) and it
		// waits about a second to be sent again (the backoff's random draw near 1); item 1 fails meanwhile
		// and stops the run.
		front.loseAnswers(1);
		const items = learnerItems(2);
		items[1] = { email: 'unknown.learner@example.com' };
		const random = jest.spyOn(Math, 'random').mockReturnValue(0.99);
		const result = await engine
			.run(recordCourse(tiCredential(engine, front.url), { options: { maxRequestsPerMinute: 600 } }), items)
			.finally(() => random.mockRestore());
		expect(result.status).toBe('error');
		expect(recordsPerItem(fake.activities).get(0)).toBe(1);
		const error = result.error as NodeApiError;
		expect(error.context.stoppingPoint).toEqual({ recorded: '', failed: '1', mayHaveBeenApplied: '0', notSent: '' });
		expect(error.message).toMatch(/ \(item 1\); the node stopped sending: 0 of 2 items recorded, 1 may have been recorded$/);
	});

	test('…while one waiting to be sent again after a 502 (nothing applied) is reported as not sent', async () => {
		fake.server.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }, 1);
		const items = learnerItems(2);
		items[1] = { email: 'unknown.learner@example.com' };
		const random = jest.spyOn(Math, 'random').mockReturnValue(0.99);
		const result = await engine
			.run(recordCourse(tiCredential(engine, fake.url), { options: { maxRequestsPerMinute: 600 } }), items)
			.finally(() => random.mockRestore());
		expect(result.status).toBe('error');
		expect(fake.activities).toHaveLength(0);
		const error = result.error as NodeApiError;
		expect(error.context.stoppingPoint).toEqual({ recorded: '', failed: '1', mayHaveBeenApplied: '', notSent: '0' });
		expect(error.message).toMatch(/ \(item 1\); the node stopped sending: 0 of 2 items recorded, 1 not sent$/);
	});

	test("n8n's Retry On Fail does not send an item that may have been applied again either", async () => {
		front.loseAnswers(1);
		const result = await engine.run(
			recordCourse(tiCredential(engine, front.url), awards, { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }),
			learnerItems(12),
		);
		expect(result.status).toBe('error');
		const [inDoubt] = stoppingPointOf(result).mayHaveBeenApplied;
		expect(inDoubt).toBeDefined();
		const recorded = recordsPerItem(fake.activities);
		// Every other item was recorded once across the two tries; the one in doubt once, by the first.
		expect(recorded.size).toBe(12);
		expect([...recorded.values()].every((times) => times === 1)).toBe(true);
	});

	test('a 504 from a gateway counts as an answer that never came', async () => {
		fake.server.inject({ kind: 'status', status: 504, body: 'Gateway Timeout' }, 1);
		const withAwards = await engine.run(recordCourse(tiCredential(engine, fake.url), awards), learnerItems(1));
		expect(withAwards.error?.message).toContain('it may have been applied');
		const error = withAwards.error as NodeApiError;
		expect(error.message).toBe('No answer from Thought Industries for item 0 after it was sent: it may have been applied');
		expect(error.description).toBe(
			"The platform's gateway timed out waiting for it (504). The node does not send it again by itself because it grants awards, and a second request would grant them again. Check it in Thought Industries before sending it again. (Thought Industries rejected the request (504): Gateway Timeout)",
		);
		expect(error.httpCode).toBe('504');
		expect(error.context.itemIndex).toBe(0);
		expect(fake.server.requests).toHaveLength(1);

		fake.server.inject({ kind: 'status', status: 504, body: 'Gateway Timeout' }, 1);
		const learningPath = await engine.run(recordLearningPath(tiCredential(engine, fake.url), LEARNING_PATH_ID), learnerItems(1));
		expect(learningPath.status).toBe('success');
		expect(fake.server.requests).toHaveLength(3);
	});
});
