/**
 * The Options both action nodes add: Max Requests per Minute, Max Wait on Rate Limit, Include
 * Pacing Details; waits are logged at debug level and nothing about pacing is in the output unless
 * asked.
 */
import { createRequire } from 'node:module';

import { Container } from '@n8n/di';
import type { INodeProperties, NodeApiError } from 'n8n-workflow';

import { AcademyOcean } from '../../../nodes/AcademyOcean/AcademyOcean.node';
import { ThoughtIndustries } from '../../../nodes/ThoughtIndustries/ThoughtIndustries.node';
import { forgetBudgets } from '../../../nodes/shared/rateLimit/budget';
import type { FakeThoughtIndustries } from '../../fakes/thoughtIndustries.ts';
import { learnerItems, newEngine, recordCourse, recordsPerItem, startLearnerFake, tiCredential } from './fixtures.ts';

const engine = newEngine();
let fake: FakeThoughtIndustries;
const arrivals: number[] = [];
const onRequest = () => arrivals.push(Date.now());

beforeAll(async () => {
	fake = await startLearnerFake(50);
	(fake.server as unknown as { server: import('node:http').Server }).server.on('request', onRequest);
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => {
	forgetBudgets();
	arrivals.length = 0;
	fake.activities.length = 0;
	fake.server.requests.length = 0;
	fake.server.clearFaults();
});

const PACING_OPTIONS = ['Include Pacing Details', 'Max Requests per Minute', 'Max Wait on Rate Limit'];

function optionNames(collection: INodeProperties | undefined): string[] {
	return ((collection?.options ?? []) as INodeProperties[]).map((option) => option.displayName);
}

describe('in the editor', () => {
	test('Thought Industries: both operations have them in Options, sorted by name, defaults 0 and 10 minutes', () => {
		const collections = new ThoughtIndustries().description.properties.filter((property) => property.name === 'options');
		expect(collections).toHaveLength(2);
		for (const collection of collections) {
			expect(optionNames(collection)).toEqual(['Include Pacing Details', 'Max Requests per Minute', 'Max Wait on Rate Limit', 'Send As']);
		}
		const [maxRequests, maxWait] = ['maxRequestsPerMinute', 'maxWaitOnRateLimit'].map((name) =>
			(collections[0].options as INodeProperties[]).find((option) => option.name === name),
		);
		expect(maxRequests?.default).toBe(0);
		expect(maxWait?.default).toBe(10);
	});

	test('AcademyOcean: every operation has an Options collection with them, its own options kept', () => {
		const description = new AcademyOcean().description;
		const operations = description.properties.filter((property) => property.name === 'operation');
		let checked = 0;
		for (const operation of operations) {
			const resource = operation.displayOptions?.show?.resource?.[0];
			for (const { value } of operation.options as Array<{ value: string }>) {
				const collections = description.properties.filter(
					(property) =>
						property.name === 'options' &&
						property.displayOptions?.show?.resource?.includes(resource as string) &&
						property.displayOptions?.show?.operation?.includes(value),
				);
				expect(collections).toHaveLength(1);
				const names = optionNames(collections[0]);
				expect(names).toEqual(expect.arrayContaining(PACING_OPTIONS));
				expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
				checked += 1;
			}
		}
		expect(checked).toBe(28);
		const learnerList = description.properties.find(
			(property) => property.name === 'options' && property.displayOptions?.show?.resource?.includes('learner') && property.displayOptions?.show?.operation?.includes('getAll'),
		);
		expect(optionNames(learnerList)).toEqual(['Include Academy', 'Include Pacing Details', 'Include Teams', 'Max Requests per Minute', 'Max Wait on Rate Limit']);
	});
});

describe('at run time', () => {
	test('Max Requests per Minute spaces the requests: 600 per minute, about 100 ms apart', async () => {
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { maxRequestsPerMinute: 600 } }), learnerItems(12));
		expect(result.status).toBe('success');
		// The node starts them 100 ms apart; arrival times add the transport's jitter, and the first
		// request also waited for the credential: from the second on, 10 % of slack.
		const span = arrivals[arrivals.length - 1] - arrivals[1];
		expect(span / (arrivals.length - 2)).toBeGreaterThanOrEqual(90);
	});

	test('a wait longer than Max Wait on Rate Limit fails the item, naming the option and what to change', async () => {
		fake.server.inject({
			kind: 'status',
			status: 429,
			headers: { 'retry-after': '180', 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '0' },
			body: { error: 'rate_limit_exceeded', message: 'Request rate limit reached. Retry after 180 seconds.', retryAfter: 180 },
		});
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { maxWaitOnRateLimit: 2 } }), learnerItems(1));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Thought Industries is rate limiting this credential (429 "Request rate limit reached. Retry after 180 seconds.", limit 120 requests per window) and asks to wait 3 min, longer than Max Wait on Rate Limit (2 min)',
		);
		const error = result.error as NodeApiError;
		expect(error.description).toMatch(
			/^The request was not applied \(429 Too Many Requests\)\. Raise Options > Max Wait on Rate Limit, lower Max Requests per Minute so other work on this credential keeps within the limit, or send fewer items per execution\. Learned about the limit: \S.*\.$/,
		);
		expect(error.httpCode).toBe('429');
		expect(error.context.itemIndex).toBe(0);
		expect(fake.server.requests).toHaveLength(1);
	});

	test('a 503 asking to wait too long, without the platform\'s words or a limit, says only what it knows', async () => {
		fake.server.inject({ kind: 'status', status: 503, headers: { 'retry-after': '180' } });
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { maxWaitOnRateLimit: 2 } }), learnerItems(2));
		expect(result.status).toBe('error');
		const error = result.error as NodeApiError;
		// Item 0 or 1 got the 503, whichever went first; the other one was recorded or not sent.
		const index = error.context.itemIndex as number;
		expect([0, 1]).toContain(index);
		expect(error.message).toMatch(
			new RegExp(
				`^Thought Industries is rate limiting this credential \\(503\\) and asks to wait 3 min, longer than Max Wait on Rate Limit \\(2 min\\) \\(item ${index}\\); the node stopped sending: `,
			),
		);
		expect(error.description).toContain('\nThe request was not applied (503 Too Many Requests / Service Unavailable). Raise Options > Max Wait on Rate Limit,');
		expect(error.httpCode).toBe('503');
	});

	test('waits add up: an item fails once its waits together would pass Max Wait on Rate Limit', async () => {
		// 1/60 min is exactly 1000 ms: the second wait alone is not longer than it, both together are.
		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { errors: ['Slow down'] } }, 2);
		const result = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { maxWaitOnRateLimit: 1 / 60 } }), learnerItems(1));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Thought Industries is rate limiting this credential (429 "Slow down"): this item has waited 1 s and would wait 1 s more, longer than Max Wait on Rate Limit (1 s) in total',
		);
		expect((result.error as NodeApiError).httpCode).toBe('429');
		expect(fake.server.requests).toHaveLength(2);
		expect(fake.activities).toHaveLength(0);
	});

	test('a wait exactly as long as Max Wait on Rate Limit, alone or in total, is still waited', async () => {
		// 1/30 min is exactly 2000 ms: two waits of 1 s reach it and do not pass it.
		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 2);
		const result = await engine.run(
			recordCourse(tiCredential(engine, fake.url), { options: { maxWaitOnRateLimit: 1 / 30, includePacingDetails: true } }),
			learnerItems(1),
		);
		expect(result.status).toBe('success');
		expect(result.items[0].json.pacing).toEqual({ requests: 3, rateLimited: 2, retried: 0, waitedMs: 2000 });

		// 1/60 min is exactly 1000 ms: one wait of 1 s reaches it.
		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 1);
		const single = await engine.run(
			recordCourse(tiCredential(engine, fake.url), { options: { maxWaitOnRateLimit: 1 / 60, includePacingDetails: true } }),
			learnerItems(1, 1),
		);
		expect(single.status).toBe('success');
		expect(single.items[0].json.pacing).toEqual({ requests: 2, rateLimited: 1, retried: 0, waitedMs: 1000 });
	});

	test('nothing about pacing is in the output unless asked; Include Pacing Details adds it', async () => {
		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
		const plain = await engine.run(recordCourse(tiCredential(engine, fake.url)), learnerItems(1));
		expect(plain.items[0].json).not.toHaveProperty('pacing');

		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
		const detailed = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { includePacingDetails: true } }), learnerItems(1, 1));
		expect(detailed.items[0].json.pacing).toEqual({ requests: 2, rateLimited: 1, retried: 0, waitedMs: 1000 });
		expect(recordsPerItem(fake.activities).size).toBe(2);
	});

	test('Include Pacing Details: every output item has its own item\'s figures, retries and their backoff counted', async () => {
		// The backoff's random draw at 0: a first retry waits half of 1 s.
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		try {
			fake.server.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' }, 1);
			fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, 1);
			const result = await engine.run(recordCourse(tiCredential(engine, fake.url), { options: { includePacingDetails: true } }), learnerItems(4));
			expect(result.status).toBe('success');
			expect(result.items).toHaveLength(4);
			const details = result.items.map((item) => item.json.pacing as { requests: number; rateLimited: number; retried: number; waitedMs: number });
			// Which items met the two faults depends on arrival order; each fault hit exactly one item.
			const sorted = [...details].sort((a, b) => a.requests - b.requests || a.retried - b.retried);
			expect(sorted).toEqual([
				{ requests: 1, rateLimited: 0, retried: 0, waitedMs: 0 },
				{ requests: 1, rateLimited: 0, retried: 0, waitedMs: 0 },
				{ requests: 2, rateLimited: 1, retried: 0, waitedMs: 1000 },
				{ requests: 2, rateLimited: 0, retried: 1, waitedMs: 500 },
			]);
			for (const item of result.items) expect(Object.keys(item.json)).toContain('pacing');
		} finally {
			random.mockRestore();
		}
		expect(recordsPerItem(fake.activities).size).toBe(4);
	});

	test('waits are logged at debug level', async () => {
		// n8n-core's own Logger (the one a node's this.logger is).
		const requireFromCore = createRequire(require.resolve('n8n-core'));
		const { Logger } = requireFromCore('@n8n/backend-common') as { Logger: new () => { debug: (message: string, meta?: object) => void } };
		const logger = Container.get(Logger);
		const debug = jest.spyOn(logger, 'debug');
		try {
			fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
			fake.server.inject({ kind: 'status', status: 502, body: '<html>Bad Gateway</html>' });
			await engine.run(recordCourse(tiCredential(engine, fake.url), {}, { name: 'Record Learners' }), learnerItems(1));
			const calls = debug.mock.calls.filter(([message]) => String(message).startsWith('Thought Industries'));
			expect(calls.map(([message]) => String(message))).toEqual([
				expect.stringMatching(/^Thought Industries answered 429: item 0 waits 1 s and is sent again \(\S.*\)$/),
				// A retry's backoff is at least half a second, shown in whole seconds.
				'Thought Industries answered 502: item 0 is sent again in 1 s (retry 1 of 8)',
			]);
			for (const [, meta] of calls) expect(meta).toEqual({ node: 'Record Learners' });
		} finally {
			debug.mockRestore();
		}
	});
});
