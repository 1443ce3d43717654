/**
 * A clean stopping point: with Continue On Fail off, an item that fails for good stops the run;
 * nothing new is sent, the error names the item and lists exactly which items were recorded, and
 * no item that was recorded is ever sent twice, also across n8n's Retry On Fail tries.
 */
import type { NodeApiError } from 'n8n-workflow';

import { MAX_IN_FLIGHT, forgetBudgets } from '../../../nodes/shared/rateLimit/budget';
import { setPacingForComparisons } from '../../../nodes/shared/rateLimit/switch';
import type { FakeThoughtIndustries } from '../../fakes/thoughtIndustries.ts';
import {
	learnerItems,
	newEngine,
	pairedIndexes,
	recordCourse,
	recordsPerItem,
	startLearnerFake,
	stoppingPointOf,
	tiCredential,
} from './fixtures.ts';

const N = 200;
const engine = newEngine();
let fake: FakeThoughtIndustries;

beforeAll(async () => {
	fake = await startLearnerFake(N, { style: 'tokenBucket', perMinute: 60_000, burst: 20 });
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => {
	forgetBudgets();
	fake.activities.length = 0;
	fake.server.requests.length = 0;
	fake.server.clearFaults();
	fake.rateLimit.configure(fake.rateLimit.settings);
	fake.rateLimit.resetStats();
});

afterEach(() => setPacingForComparisons(true));

/** Emails the fake received a request for (recorded or not). */
function emailsSent(): string[] {
	return fake.server.requests.map((request) => String((JSON.parse(request.body || '{}') as { userEmail?: string }).userEmail));
}

describe('Continue On Fail off', () => {
	test('a 400 at item k stops the run: the error lists exactly what was recorded and nothing else was sent', async () => {
		const k = 57;
		const items = learnerItems(N);
		items[k] = { email: 'unknown.learner@example.com' };
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), items);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Invalid course or user');
		expect(result.error?.message).toContain(`(item ${k})`);
		expect(result.error?.message).toMatch(/the node stopped sending: \d+ of 200 items recorded, \d+ not sent/);
		const point = stoppingPointOf(result);
		const recorded = recordsPerItem(fake.activities);

		expect(point.failed).toEqual([k]);
		// What the error says was recorded is exactly what the platform recorded, each once.
		expect(point.succeeded).toEqual([...recorded.keys()].sort((a, b) => a - b));
		expect([...recorded.values()].every((count) => count === 1)).toBe(true);
		// Items go out in order: everything before k was recorded; after k at most the requests already in flight.
		for (let index = 0; index < k; index++) expect(recorded.get(index)).toBe(1);
		expect(Math.max(...point.succeeded)).toBeLessThanOrEqual(k + MAX_IN_FLIGHT);
		// Items reported as not sent never reached the platform.
		const sent = new Set(emailsSent());
		for (const index of point.notSent) expect(sent.has(`learner${index}@example.com`)).toBe(false);
		expect([...point.succeeded, ...point.failed, ...point.notSent].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, index) => index));
		expect(point.notSent.length).toBeGreaterThan(N - k - 1 - MAX_IN_FLIGHT);
	});

	test('an item that fails its checks stops the run before anything is sent', async () => {
		const k = 120;
		const items = learnerItems(N);
		items[k] = { email: '' };
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), items);

		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('"Learner Email" is empty');
		expect(result.error?.message).toContain(`(item ${k}); the node stopped sending: 0 of 200 items recorded, 199 not sent`);
		expect(fake.server.requests).toHaveLength(0);
		expect(stoppingPointOf(result).notSent).toHaveLength(N - 1);
	});

	test('the description lists the items in ranges, and item indexes as n8n numbers them', async () => {
		const items = learnerItems(30);
		items[10] = { email: 'unknown.learner@example.com' };
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), items);
		const description = String((result.error as { description?: string }).description);
		expect(description).toMatch(/^Recorded \(sent once; do not send again\): items 0–9(, 1[1-8](–1[2-8])?)?\nFailed: items 10\nNot sent: items (1[1-9]|2\d)–29\n/);
		expect(description).toContain('Item numbers are n8n item indexes (the first item is 0).');
		expect(description).toContain('Invalid course or user');
	});
});

describe('the stopping point, exactly', () => {
	test('its context lists every range, however many, and the message names the item and the counts', async () => {
		// Every odd item fails its checks before anything is sent: 30 failed ranges, 30 not-sent ranges.
		const items = learnerItems(60).map((item, index) => (index % 2 ? { email: '' } : item));
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), items);

		expect(result.status).toBe('error');
		expect(fake.server.requests).toHaveLength(0);
		const error = result.error as NodeApiError;
		const odd = Array.from({ length: 30 }, (_, half) => 2 * half + 1);
		const even = odd.map((index) => index - 1);
		expect(error.context.stoppingPoint).toEqual({ recorded: '', failed: odd.join(', '), mayHaveBeenApplied: '', notSent: even.join(', ') });
		const k = error.context.itemIndex as number;
		expect(odd).toContain(k);
		expect(error.message).toMatch(new RegExp(`^[^\\n]*"Learner Email" is empty[^\\n]* \\(item ${k}\\); the node stopped sending: 0 of 60 items recorded, 30 not sent$`));
		// The description shortens the lists (the context above does not).
		const description = String(error.description);
		expect(description.split('\n').slice(0, 3)).toEqual([
			'Recorded (sent once; do not send again): none',
			`Failed: items ${odd.slice(0, 25).join(', ')}, …`,
			`Not sent: items ${even.slice(0, 25).join(', ')}, …`,
		]);
	});

	test('a failure among items recorded before it: the recorded ones and the ones not sent, each as ranges', async () => {
		// 600 requests per minute: one every 100 ms, so the items go out in order.
		const items = learnerItems(4);
		items[2] = { email: 'unknown.learner@example.com' };
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { maxRequestsPerMinute: 600 } }), items);
		const error = result.error as NodeApiError;
		const point = error.context.stoppingPoint as Record<string, string>;
		expect(point.failed).toBe('2');
		expect(point.mayHaveBeenApplied).toBe('');
		// Item 3 was already waiting for its turn or out: either recorded or not sent.
		expect([{ recorded: '0–1', notSent: '3' }, { recorded: '0–1, 3', notSent: '' }]).toContainEqual({ recorded: point.recorded, notSent: point.notSent });
		expect(error.message).toMatch(/ \(item 2\); the node stopped sending: [23] of 4 items recorded(, 1 not sent)?$/);
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(2);
	});

	test('a run of one item has no stopping point: the error is the item\'s own', async () => {
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url)), [{ email: 'unknown.learner@example.com' }]);
		expect(result.status).toBe('error');
		const error = result.error as NodeApiError;
		expect(error.context.stoppingPoint).toBeUndefined();
		expect(error.message).not.toContain('(item 0)');
		expect(error.message).not.toContain('stopped sending');
		expect(String(error.description)).not.toContain('Not sent');
		expect(error.context.itemIndex).toBe(0);
	});
});

describe('Continue On Fail on', () => {
	test('a failed item is exactly { json: { error }, error, pairedItem }: the message, the node error, its input', async () => {
		const items = learnerItems(3);
		items[1] = { email: 'unknown.learner@example.com' };
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), {}, { onError: 'continueRegularOutput' }), items);

		expect(result.status).toBe('success');
		const failed = result.items[1];
		expect(Object.keys(failed).sort()).toEqual(['error', 'json', 'pairedItem']);
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.error).toBeInstanceOf(Error);
		expect(Object.keys(failed.json)).toEqual(['error']);
		expect(failed.json.error).toBe(failed.error?.message);
		expect(failed.error?.message).toContain('Invalid course or user');
		// Continue On Fail does not stop the run: no stopping point is added.
		expect(failed.error?.message).not.toContain('stopped sending');
		expect((failed.error as NodeApiError).context.stoppingPoint).toBeUndefined();
		expect(result.items[0].json).not.toHaveProperty('error');
		expect(result.items[2].json).not.toHaveProperty('error');
	});

	test('failed items become error items paired with their input; every other item is recorded once, in order', async () => {
		const items = learnerItems(N);
		for (const k of [3, 57, 199]) items[k] = { email: `unknown${k}@example.com` };
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), {}, { onError: 'continueRegularOutput' }), items);

		expect(result.status).toBe('success');
		expect(pairedIndexes(result)).toEqual(Array.from({ length: N }, (_, index) => index));
		const failed = result.items.filter((item) => item.json.error).map((item) => (item.pairedItem as { item: number }).item);
		expect(failed).toEqual([3, 57, 199]);
		const recorded = recordsPerItem(fake.activities);
		expect(recorded.size).toBe(N - 3);
		expect([...recorded.values()].every((count) => count === 1)).toBe(true);
	});
});

describe("n8n's Retry On Fail", () => {
	const retrying = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

	test('a retry sends only what was not recorded: every item recorded exactly once', async () => {
		// The first request is answered 500: the first try stops there, the retry finishes the run.
		fake.server.inject({ kind: 'status', status: 500, body: { errors: ['temporary failure'] } }, 1);
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), {}, retrying), learnerItems(N));

		expect(result.status).toBe('success');
		expect(pairedIndexes(result)).toEqual(Array.from({ length: N }, (_, index) => index));
		const recorded = recordsPerItem(fake.activities);
		expect(recorded.size).toBe(N);
		expect([...recorded.values()].every((count) => count === 1)).toBe(true);
		// One request failed, every other item was sent once.
		expect(fake.server.requests).toHaveLength(N + 1);
	});

	test('without the node\'s pacing (every item at once, as RoutingNode alone does) the same run records items twice', async () => {
		setPacingForComparisons(false);
		fake.rateLimit.configure(undefined);
		fake.server.inject({ kind: 'status', status: 500, body: { errors: ['temporary failure'] } }, 1);
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), {}, retrying), learnerItems(N));

		expect(result.status).toBe('success');
		const twice = [...recordsPerItem(fake.activities).values()].filter((count) => count > 1);
		expect(twice.length).toBe(N - 1);
		fake.rateLimit.configure({ style: 'tokenBucket', perMinute: 60_000, burst: 20 });
	});
});
