import { jwtVerify } from 'jose';
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { ThoughtIndustriesApi } from '../../credentials/ThoughtIndustriesApi.credentials';
import { ThoughtIndustries } from '../../nodes/ThoughtIndustries/ThoughtIndustries.node';
import { Engine } from '../harness/engine.ts';
import type { NodeUnderTest } from '../harness/engine.ts';
import {
	COURSE_ID,
	COURSE_SKU,
	LEARNER_EMAIL,
	LEARNER_ID,
	LEARNING_PATH_ID,
	TI_API_KEY,
	startFakeThoughtIndustries,
} from '../harness/thoughtIndustriesFixture.ts';
import type { FakeThoughtIndustries } from '../fakes/thoughtIndustries.ts';
import { COURSE_ACTIVITY_PATH, LEARNING_PATH_ACTIVITY_PATH } from '../fakes/thoughtIndustries.ts';

const engine = new Engine({
	nodeTypes: { thoughtIndustries: new ThoughtIndustries() },
	credentialTypes: [new ThoughtIndustriesApi()],
});

let fake: FakeThoughtIndustries;
let credentialRef: INodeCredentialsDetails;

beforeAll(async () => {
	fake = await startFakeThoughtIndustries();
	credentialRef = engine.credentials.add('thoughtIndustriesApi', { instanceUrl: `${fake.url}/`, apiKey: TI_API_KEY });
});

afterAll(async () => {
	await fake.stop();
});

beforeEach(() => {
	fake.server.requests.length = 0;
	fake.activities.length = 0;
	fake.server.clearFaults();
});

function node(parameters: INodeParameters, extra: Partial<NodeUnderTest> = {}): NodeUnderTest {
	return {
		type: 'thoughtIndustries',
		parameters,
		credentials: { thoughtIndustriesApi: credentialRef },
		...extra,
	};
}

const courseByIdAndEmail = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'course',
	operation: 'recordExternalActivity',
	courseIdentifier: 'id',
	courseId: COURSE_ID,
	learnerIdentifier: 'email',
	userEmail: LEARNER_EMAIL,
	...extra,
});

const learningPath = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'learningPath',
	operation: 'recordExternalActivity',
	userId: LEARNER_ID,
	learningPathId: LEARNING_PATH_ID,
	...extra,
});

function errorMessageOf(result: Awaited<ReturnType<Engine['run']>>): string {
	return result.error?.message ?? '';
}

describe('Record Course External Activity', () => {
	test('sends the documented JSON body with the bearer key and echoes what was recorded', async () => {
		const result = await engine.run(
			node(courseByIdAndEmail({ additionalFields: { completionDate: '2026-01-15T00:00:00.000Z' } })),
		);

		expect(result.status).toBe('success');
		expect(fake.server.requests).toHaveLength(1);
		const [request] = fake.server.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(COURSE_ACTIVITY_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TI_API_KEY}`);
		expect(request.headers['content-type']).toContain('application/json');
		expect(JSON.parse(request.body)).toEqual({
			courseId: COURSE_ID,
			userEmail: LEARNER_EMAIL,
			completionDate: '2026-01-15T00:00:00.000Z',
		});
		expect(result.items).toEqual([
			{
				json: {
					success: true,
					resource: 'course',
					courseId: COURSE_ID,
					userEmail: LEARNER_EMAIL,
					completionDate: '2026-01-15T00:00:00.000Z',
					sentAs: 'jsonBody',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('identifies by SKU and learner ID and sends awards, transcript fields and certificate URL', async () => {
		const result = await engine.run(
			node({
				resource: 'course',
				operation: 'recordExternalActivity',
				courseIdentifier: 'sku',
				courseSku: COURSE_SKU,
				learnerIdentifier: 'id',
				userId: LEARNER_ID,
				additionalFields: {
					awards: { award: [{ awardTypeId: 'cpe-credits', amount: 2.5 }] },
					transcriptFields: {
						field: [
							{ label: 'Provider', value: 'AcademyOcean' },
							{ label: 'Score', value: '92' },
						],
					},
					certificateUrl: 'https://certs.example.com/ada.pdf',
				},
			}),
		);

		expect(result.status).toBe('success');
		expect(JSON.parse(fake.server.requests[0].body)).toEqual({
			courseSku: COURSE_SKU,
			userId: LEARNER_ID,
			awards: [{ awardTypeId: 'cpe-credits', amount: 2.5 }],
			transcriptFields: [
				{ label: 'Provider', value: 'AcademyOcean' },
				{ label: 'Score', value: '92' },
			],
			certificateUrl: 'https://certs.example.com/ada.pdf',
		});
		expect(fake.activities).toHaveLength(1);
	});

	test('reads values from each item through expressions, one request per item', async () => {
		const result = await engine.run(
			node(
				courseByIdAndEmail({
					userEmail: '={{ $json.email }}',
					additionalFields: { completionDate: '={{ $json.finishedAt }}' },
				}),
			),
			[
				{ email: LEARNER_EMAIL, finishedAt: '2026-02-01T10:00:00Z' },
				{ email: LEARNER_EMAIL, finishedAt: '2026-02-02' },
			],
		);

		expect(result.status).toBe('success');
		expect(fake.server.requests.map((request) => JSON.parse(request.body).completionDate).sort()).toEqual([
			'2026-02-01T10:00:00Z',
			'2026-02-02',
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('accepts a date produced by an expression as a date object ($now)', async () => {
		const result = await engine.run(
			node(courseByIdAndEmail({ additionalFields: { completionDate: '={{ $now }}' } })),
		);
		expect(result.status).toBe('success');
		const sent = JSON.parse(fake.server.requests[0].body).completionDate as string;
		expect(Math.abs(Date.parse(sent) - Date.now())).toBeLessThan(60_000);
	});
	test('each output item echoes exactly what its request sent: the item is built once', async () => {
		// A value that changes on every evaluation: building the output item again would not echo what was sent.
		const randomDate = '={{ new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 1e10)).toISOString() }}';
		const result = await engine.run(node(courseByIdAndEmail({ additionalFields: { completionDate: randomDate } })), [{}, {}, {}, {}]);
		expect(result.status).toBe('success');
		const sent = fake.server.requests.map((request) => JSON.parse(request.body).completionDate as string);
		expect(new Set(sent).size).toBe(4);
		expect(result.items.map((item) => item.json.completionDate).sort()).toEqual([...sent].sort());
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});
});

describe('Record Learning Path External Activity', () => {
	test('defaults to the completed status and sends the completion date', async () => {
		const result = await engine.run(node(learningPath({ completionDate: '2026-01-15T00:00:00.000Z' })));

		expect(result.status).toBe('success');
		const [request] = fake.server.requests;
		expect(request.path).toBe(LEARNING_PATH_ACTIVITY_PATH);
		expect(request.headers.authorization).toBe(`Bearer ${TI_API_KEY}`);
		expect(JSON.parse(request.body)).toEqual({
			userId: LEARNER_ID,
			learningPathId: LEARNING_PATH_ID,
			status: 'completed',
			completionDate: '2026-01-15T00:00:00.000Z',
		});
		expect(result.items[0].json).toEqual({
			success: true,
			resource: 'learningPath',
			userId: LEARNER_ID,
			learningPathId: LEARNING_PATH_ID,
			status: 'completed',
			completionDate: '2026-01-15T00:00:00.000Z',
			sentAs: 'jsonBody',
		});
	});

	test.each(['started', 'not-started', 'not-completed'])(
		'sends the timestamp date with the %s status',
		async (status) => {
			const result = await engine.run(
				node(learningPath({ status, timeStampDate: '2026-01-10T00:00:00.000Z' })),
			);
			expect(result.status).toBe('success');
			expect(JSON.parse(fake.server.requests[0].body)).toEqual({
				userId: LEARNER_ID,
				learningPathId: LEARNING_PATH_ID,
				status,
				timeStampDate: '2026-01-10T00:00:00.000Z',
			});
		},
	);
});

describe('validation before sending', () => {
	const cases: Array<[string, INodeParameters, string]> = [
		[
			'course ID that evaluates to empty',
			courseByIdAndEmail({ courseId: '={{ $json.missing }}' }),
			'courseSku or courseId is required: "Course ID" is empty',
		],
		[
			'empty course SKU',
			courseByIdAndEmail({ courseIdentifier: 'sku', courseSku: ' ' }),
			'courseSku or courseId is required: "Course SKU" is empty',
		],
		['course ID that is not a UUID', courseByIdAndEmail({ courseId: 'course-42' }), 'courseId must be a UUID: "Course ID" is "course-42"'],
		[
			'learner email that evaluates to empty',
			courseByIdAndEmail({ userEmail: '={{ $json.missing }}' }),
			'userId or userEmail is required: "Learner Email" is empty',
		],
		[
			'empty learner ID',
			courseByIdAndEmail({ learnerIdentifier: 'id', userId: '={{ "" }}' }),
			'userId or userEmail is required: "Learner ID" is empty',
		],
		[
			'completion date that is not ISO 8601',
			courseByIdAndEmail({ additionalFields: { completionDate: '15/01/2026' } }),
			'invalid completionDate. please use ISO 8601 format: "Completion Date" is "15/01/2026"',
		],
		[
			'impossible calendar date',
			courseByIdAndEmail({ additionalFields: { completionDate: '2026-02-30T00:00:00Z' } }),
			'invalid completionDate. please use ISO 8601 format',
		],
		[
			'certificate URL without transcript fields',
			courseByIdAndEmail({ additionalFields: { certificateUrl: 'https://certs.example.com/a.pdf' } }),
			'"Certificate URL" is only applied together with "Transcript Fields"',
		],
		[
			'award without a type',
			courseByIdAndEmail({ additionalFields: { awards: { award: [{ awardTypeId: '', amount: 1 }] } } }),
			'"Awards" entry 1: "Award Type ID" is empty',
		],
		[
			'learning path without learner',
			learningPath({ userId: '={{ $json.missing }}' }),
			'userId is required: "Learner ID" is empty',
		],
		[
			'learning path without ID',
			learningPath({ learningPathId: '={{ $json.missing }}' }),
			'learningPathId is required: "Learning Path ID" is empty',
		],
		['unknown status', learningPath({ status: '={{ "finished" }}' }), 'invalid status: "Status" is "finished"'],
		[
			'completion date with a non-completed status',
			// With an expression for Status the editor shows both date fields, so both can be filled.
			learningPath({ status: '={{ "started" }}', completionDate: '2026-01-15T00:00:00Z' }),
			'completion date cannot be passed with non-completed status',
		],
		[
			'timestamp date with the completed status',
			learningPath({ status: '={{ "completed" }}', timeStampDate: '2026-01-15T00:00:00Z' }),
			'timestamp date cannot be passed with completed status or no status',
		],
		[
			'timestamp date that is not ISO 8601',
			learningPath({ status: 'started', timeStampDate: 'yesterday' }),
			'invalid timestampDate. please use ISO 8601 format: "Timestamp Date" is "yesterday"',
		],
	];

	test.each(cases)('%s fails the item and sends nothing', async (_name, parameters, message) => {
		const result = await engine.run(node(parameters));
		expect(result.status).toBe('error');
		expect(errorMessageOf(result)).toContain(message);
		expect(fake.server.requests).toHaveLength(0);
	});

	test('an instance URL with plain http to a public host is refused before sending', async () => {
		const insecure = engine.credentials.add('thoughtIndustriesApi', {
			instanceUrl: 'http://acme.thoughtindustries.com',
			apiKey: TI_API_KEY,
		});
		const result = await engine.run(node(courseByIdAndEmail(), { credentials: { thoughtIndustriesApi: insecure } }));
		expect(errorMessageOf(result)).toContain("The credential's Instance URL must use https://");
		expect(errorMessageOf(result)).not.toContain(TI_API_KEY);
		expect(fake.server.requests).toHaveLength(0);
	});
});

test('an empty required field is refused by n8n itself before the node runs', async () => {
	const result = await engine.run(node(courseByIdAndEmail({ courseId: '' }))).catch((error: Error) => error);
	expect(String(result)).toContain('Parameter "Course ID" is required');
	expect(fake.server.requests).toHaveLength(0);
});

describe('API errors', () => {
	test('a 400 surfaces the API message', async () => {
		const result = await engine.run(node(courseByIdAndEmail({ userEmail: 'nobody@example.com' })));
		expect(result.status).toBe('error');
		expect(errorMessageOf(result)).toBe('Thought Industries rejected the request (400): Invalid course or user');
		expect(fake.server.requests).toHaveLength(1);
	});

	test('a 400 with several errors surfaces every one of them', async () => {
		fake.server.inject({
			kind: 'status',
			status: 400,
			body: { errors: ['userId or userEmail is required', 'courseSku or courseId is required'] },
		});
		const result = await engine.run(node(courseByIdAndEmail()));
		expect(errorMessageOf(result)).toBe(
			'Thought Industries rejected the request (400): userId or userEmail is required; courseSku or courseId is required',
		);
	});

	test('a 401 from a bad key says so without echoing the key', async () => {
		const badKey = engine.credentials.add('thoughtIndustriesApi', { instanceUrl: fake.url, apiKey: 'wrong-key-123' });
		const result = await engine.run(node(courseByIdAndEmail(), { credentials: { thoughtIndustriesApi: badKey } }));
		expect(errorMessageOf(result)).toBe(
			'Thought Industries rejected the API key (401): check the API key in the credential',
		);
		expect(JSON.stringify(result.error)).not.toContain('wrong-key-123');
		expect(fake.server.requests[0].headers.authorization).toBe('Bearer wrong-key-123');
	});

	test('an API key pasted with surrounding whitespace is sent trimmed', async () => {
		const pasted = engine.credentials.add('thoughtIndustriesApi', { instanceUrl: fake.url, apiKey: ` ${TI_API_KEY}\n` });
		const result = await engine.run(node(courseByIdAndEmail(), { credentials: { thoughtIndustriesApi: pasted } }));
		expect(result.error).toBeUndefined();
		expect(fake.server.requests[0].headers.authorization).toBe(`Bearer ${TI_API_KEY}`);
	});

	test('a 429 and a 500 become item errors', async () => {
		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '3' }, body: { errors: ['Too many requests'] } });
		const limited = await engine.run(node(courseByIdAndEmail()));
		expect(errorMessageOf(limited)).toContain('(429): Too many requests');

		fake.server.inject({ kind: 'status', status: 500, body: 'upstream exploded' });
		const broken = await engine.run(node(courseByIdAndEmail()));
		expect(errorMessageOf(broken)).toContain('(500): upstream exploded');
	});
});

describe('continue on fail', () => {
	test('bad items become error items with pairedItem while the good ones are recorded', async () => {
		const items: IDataObject[] = [
			{ email: LEARNER_EMAIL, courseId: COURSE_ID },
			{ email: LEARNER_EMAIL, courseId: 'not-a-uuid' },
			{ email: 'stranger@example.com', courseId: COURSE_ID },
			{ email: LEARNER_EMAIL, courseId: COURSE_ID },
		];
		const result = await engine.run(
			node(courseByIdAndEmail({ courseId: '={{ $json.courseId }}', userEmail: '={{ $json.email }}' }), {
				onError: 'continueRegularOutput',
			}),
			items,
		);

		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(4);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(result.items[0].json.success).toBe(true);
		expect(result.items[3].json.success).toBe(true);
		expect(result.items[1].error?.message).toContain('courseId must be a UUID');
		expect(result.items[1].json).toEqual({ error: 'courseId must be a UUID: "Course ID" is "not-a-uuid"' });
		expect(result.items[2].error?.message).toContain('Invalid course or user');
		expect(result.items[2].json).toEqual({ error: 'Thought Industries rejected the request (400): Invalid course or user' });
		// The invalid item never reached the API; the unknown learner did and was refused.
		expect(fake.server.requests).toHaveLength(3);
		expect(fake.activities).toHaveLength(2);
	});
});

describe('signed JWT mode', () => {
	test('puts the attributes in a jwt query parameter signed with the API key', async () => {
		const result = await engine.run(
			node(
				courseByIdAndEmail({
					additionalFields: { completionDate: '2026-01-15T00:00:00.000Z' },
					options: { sendAs: 'signedJwt' },
				}),
			),
		);

		expect(result.status).toBe('success');
		const [request] = fake.server.requests;
		expect(request.body).toBe('');
		expect(request.headers.authorization).toBe(`Bearer ${TI_API_KEY}`);
		const token = request.query.get('jwt') ?? '';
		const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(TI_API_KEY), {
			algorithms: ['HS256'],
		});
		expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
		expect(payload).toEqual({
			courseId: COURSE_ID,
			userEmail: LEARNER_EMAIL,
			completionDate: '2026-01-15T00:00:00.000Z',
		});
		expect(result.items[0].json.sentAs).toBe('signedJwt');
		expect(fake.activities[0].via).toBe('jwt');
	});

	test('signs with the credential JWT secret when one is set', async () => {
		const jwtSecret = 'separate-jwt-signing-secret';
		const withSecret = engine.credentials.add('thoughtIndustriesApi', {
			instanceUrl: fake.url,
			apiKey: TI_API_KEY,
			jwtSecret,
		});
		fake.state.jwtSecret = jwtSecret;
		try {
			const result = await engine.run(
				node(learningPath({ status: 'started', timeStampDate: '2026-01-10T00:00:00Z', options: { sendAs: 'signedJwt' } }), {
					credentials: { thoughtIndustriesApi: withSecret },
				}),
			);
			expect(result.status).toBe('success');
			const token = fake.server.requests[0].query.get('jwt') ?? '';
			await expect(
				jwtVerify(token, new TextEncoder().encode(TI_API_KEY), { algorithms: ['HS256'] }),
			).rejects.toThrow();
			const { payload } = await jwtVerify(token, new TextEncoder().encode(jwtSecret), { algorithms: ['HS256'] });
			expect(payload).toEqual({
				userId: LEARNER_ID,
				learningPathId: LEARNING_PATH_ID,
				status: 'started',
				timeStampDate: '2026-01-10T00:00:00Z',
			});
		} finally {
			delete fake.state.jwtSecret;
		}
	});
});
