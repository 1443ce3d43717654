/**
 * The Options both action nodes add: Max Requests per Minute, Max Wait on Rate Limit, Include
 * Pacing Details; waits are logged at debug level and nothing about pacing is in the output unless
 * asked.
 */
import { createRequire } from 'node:module';

import { Container } from '@n8n/di';
import type { INodeProperties } from 'n8n-workflow';

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
		expect(String((result.error as { description?: string }).description)).toContain('Raise Options > Max Wait on Rate Limit');
		expect(fake.server.requests).toHaveLength(1);
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

	test('waits are logged at debug level', async () => {
		// n8n-core's own Logger (the one a node's this.logger is).
		const requireFromCore = createRequire(require.resolve('n8n-core'));
		const { Logger } = requireFromCore('@n8n/backend-common') as { Logger: new () => { debug: (message: string) => void } };
		const logger = Container.get(Logger);
		const debug = jest.spyOn(logger, 'debug');
		try {
			fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
			await engine.run(recordCourse(tiCredential(engine, fake.url)), learnerItems(1));
			const messages = debug.mock.calls.map(([message]) => String(message));
			expect(messages).toContainEqual(expect.stringMatching(/^Thought Industries answered 429: item 0 waits 1 s and is sent again \(/));
		} finally {
			debug.mockRestore();
		}
	});
});
