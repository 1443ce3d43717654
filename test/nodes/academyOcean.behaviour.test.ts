import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { AcademyOceanOAuth2Api } from '../../credentials/AcademyOceanOAuth2Api.credentials';
import { AcademyOcean } from '../../nodes/AcademyOcean/AcademyOcean.node';
import { forgetClientCredentialsTokens } from '../../nodes/shared/clientCredentialsToken';
import type { FakeAcademyOcean } from '../fakes/academyOcean.ts';
import { API_PATH, TOKEN_PATH, apiError, largeAcademy } from '../fakes/academyOcean.ts';
import { Engine } from '../harness/engine.ts';
import type { NodeUnderTest } from '../harness/engine.ts';
import {
	ACADEMY_ID,
	ADVANCED_COURSE_ID,
	AO_CLIENT_ID,
	AO_CLIENT_SECRET,
	ONBOARDING_COURSE_ID,
	startFakeAcademyOcean,
} from '../harness/academyOceanFixture.ts';

const engine = new Engine({
	nodeTypes: { academyOcean: new AcademyOcean() },
	credentialTypes: [new AcademyOceanOAuth2Api()],
});

let fake: FakeAcademyOcean;
let credential: INodeCredentialsDetails;

beforeEach(async () => {
	forgetClientCredentialsTokens();
	fake = await startFakeAcademyOcean();
	credential = engine.credentials.add('academyOceanOAuth2Api', {
		clientId: AO_CLIENT_ID,
		clientSecret: AO_CLIENT_SECRET,
		baseUrl: fake.url,
	});
});

afterEach(async () => {
	await fake.stop();
});

function node(resource: string, operation: string, parameters: INodeParameters = {}, extra: Partial<NodeUnderTest> = {}) {
	return {
		type: 'academyOcean',
		parameters: { resource, operation, ...parameters },
		credentials: { academyOceanOAuth2Api: credential },
		...extra,
	};
}

async function emailsOfLearners(options: IDataObject = {}): Promise<IDataObject[]> {
	const result = await engine.run(node('learner', 'getAll', { options: options as INodeParameters }));
	expect(result.error).toBeUndefined();
	return result.items.map((item) => item.json);
}

describe('state round trips against the fake academy', () => {
	test('invite, then check the invite before and after it is used', async () => {
		const invite = await engine.run(
			node('invite', 'create', {
				invitees: { invitee: [{ email: 'newbie@example.com', name: 'New Bie', type: 'learner', teams: 'team-sales' }] },
			}),
		);
		expect(invite.items[0].json).toEqual({ invited: 1 });

		const check = () => engine.run(node('invite', 'check', { emails: 'newbie@example.com' }));
		expect((await check()).items[0].json).toEqual({
			email: 'newbie@example.com',
			is_found: true,
			is_used: false,
			used_at: null,
		});

		fake.acceptInvite('newbie@example.com');
		expect((await check()).items[0].json).toMatchObject({ is_found: true, is_used: true });
		const learners = await emailsOfLearners({ includeTeams: true });
		expect(learners.find((learner) => learner.email === 'newbie@example.com')?.teams).toEqual([
			{ id: 'team-sales', name: 'Sales' },
		]);
	});

	/** The one output item of a write action whose answer the reference does not show (the strict fake sends an empty body). */
	const wrote = (result: Awaited<ReturnType<typeof engine.run>>) => {
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([{ json: { success: true, result: null }, pairedItem: { item: 0 } }]);
	};

	test('add learners to a team, then see it in their teams; remove them again', async () => {
		wrote(await engine.run(node('team', 'addLearners', { teams: 'team-advanced', learners: 'alan@example.com' })));
		const teamsOfAlan = async () =>
			(await emailsOfLearners({ includeTeams: true })).find((learner) => learner.email === 'alan@example.com')?.teams;
		expect(await teamsOfAlan()).toEqual([{ id: 'team-advanced', name: 'Advanced Cohort' }]);

		wrote(await engine.run(node('team', 'removeLearners', { removals: { removal: [{ email: 'alan@example.com', teams: 'team-advanced' }] } })));
		expect(await teamsOfAlan()).toEqual([]);
	});

	test('delete learners, then they are no longer listed', async () => {
		const deleted = await engine.run(node('learner', 'delete', { emails: 'joao@example.com, alan@example.com' }));
		expect(deleted.items[0].json).toEqual({ deleted: 2 });
		expect((await emailsOfLearners()).map((learner) => learner.email)).toEqual([
			'ada@example.com',
			'grace@example.com',
			'katherine@example.com',
			'olena@example.com',
		]);
	});

	test('revoke access hides a learner and blocks login links; returning access undoes both', async () => {
		const everyone = ['ada@example.com', 'grace@example.com', 'alan@example.com', 'katherine@example.com', 'olena@example.com', 'joao@example.com'];
		wrote(await engine.run(node('learner', 'revokeAccess', { learners: 'grace@example.com' })));
		expect((await emailsOfLearners()).map((learner) => learner.email)).toEqual(everyone.filter((email) => email !== 'grace@example.com'));
		const link = await engine.run(node('learner', 'createLoginLink', { academyId: ACADEMY_ID, email: 'grace@example.com' }));
		expect(link.status).toBe('error');
		expect(link.items).toEqual([]);
		expect(link.error?.message).toBe('AcademyOcean: Learner access is revoked');

		wrote(await engine.run(node('learner', 'returnAccess', { learners: 'grace@example.com' })));
		expect((await emailsOfLearners()).map((learner) => learner.email)).toEqual(everyone);
	});

	test('set lesson variables, then read them back', async () => {
		wrote(
			await engine.run(
				node('variable', 'set', {
					academyId: ACADEMY_ID,
					variables: { variable: [{ email: 'olena@example.com', key: 'cohort_name', value: 'Spring 2026', type: 0 }] },
				}),
			),
		);
		const read = await engine.run(node('variable', 'get', { lookups: { lookup: [{ email: 'olena@example.com', names: 'cohort_name' }] } }));
		expect(read.items[0].json).toEqual({ email: 'olena@example.com', variables: { cohort_name: 'Spring 2026' } });
	});
});

describe('OAuth2 client credentials token', () => {
	test('a cold 1,000-item execution fetches exactly one token, warm executions fetch none', async () => {
		const items = Array.from({ length: 1000 }, (_, index) => ({ email: index % 2 ? 'ada@example.com' : 'grace@example.com' }));
		const cold = await engine.run(node('certificate', 'getAll', { email: '={{ $json.email }}' }), items);
		expect(cold.error).toBeUndefined();
		expect(fake.server.requestsTo(API_PATH)).toHaveLength(1000);
		expect(fake.tokenRequests).toBe(1);

		const tokenRequest = fake.server.requestsTo(TOKEN_PATH)[0];
		expect(tokenRequest.body).toBe(
			`grant_type=client_credentials&client_id=${AO_CLIENT_ID}&client_secret=${AO_CLIENT_SECRET}&scope=`,
		);
		expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
		// The token is persisted on the credential, as n8n stores it in its database.
		expect(engine.credentials.read(credential.id!).accessToken).toMatch(/^eyJ/);

		for (let execution = 0; execution < 10; execution++) {
			const warm = await engine.run(node('certificate', 'getAll', { email: 'ada@example.com' }));
			expect(warm.error).toBeUndefined();
		}
		expect(fake.tokenRequests).toBe(1);
		// 1,010 items through n8n's engine: generous on a loaded 2-core machine.
	}, 180_000);

	test('a stored token is reused by a fresh process (nothing cached in memory)', async () => {
		await engine.run(node('academy', 'getAll'));
		forgetClientCredentialsTokens();
		await engine.run(node('academy', 'getAll'));
		expect(fake.tokenRequests).toBe(1);
	});

	test('an expired token is refused with 401, refreshed once and the request retried', async () => {
		await engine.run(node('academy', 'getAll'));
		fake.expireAllTokens();

		const items = Array.from({ length: 50 }, () => ({}));
		const result = await engine.run(node('academy', 'getAll'), items);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(50);
		expect(fake.tokenRequests).toBe(2);
		const statuses = fake.server.requestsTo(API_PATH).length;
		// 1 first call, 50 refused with the stale token, 50 retried with the new one.
		expect(statuses).toBe(101);
	});

	test('a token past its expires_in is refused, replaced once and stored for later executions', async () => {
		await engine.run(node('academy', 'getAll'));
		const firstToken = engine.credentials.read(credential.id!).accessToken;
		fake.advanceTime(604800 + 1);

		const result = await engine.run(node('academy', 'getAll'), Array.from({ length: 20 }, () => ({})));
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(20);
		expect(fake.tokenRequests).toBe(2);
		const secondToken = engine.credentials.read(credential.id!).accessToken;
		expect(secondToken).not.toBe(firstToken);

		await engine.run(node('academy', 'getAll'));
		expect(fake.tokenRequests).toBe(2);
	});

	test('wrong client credentials fail with a clear error that does not leak the secret', async () => {
		const wrongSecret = `wrong-${AO_CLIENT_SECRET}`;
		const wrong = engine.credentials.add('academyOceanOAuth2Api', {
			clientId: AO_CLIENT_ID,
			clientSecret: wrongSecret,
			baseUrl: fake.url,
		});
		const result = await engine.run(node('academy', 'getAll', {}, { credentials: { academyOceanOAuth2Api: wrong } }));
		expect(result.status).toBe('error');
		const serialized = JSON.stringify(result.run.data.resultData);
		expect(serialized).not.toContain(wrongSecret);
		expect(serialized).not.toContain(AO_CLIENT_SECRET);
		expect(fake.server.requestsTo(API_PATH)).toHaveLength(0);
	});
});

describe('errors', () => {
	test("an API error carries AcademyOcean's own error[message]", async () => {
		const result = await engine.run(node('progress', 'getForLearner', { email: 'nobody@example.com' }));
		expect(result.error?.message).toBe('AcademyOcean: Learner not found');
	});

	test('a 200 answer that carries an error is an error too', async () => {
		await engine.run(node('academy', 'getAll'));
		fake.server.inject({ kind: 'status', status: 200, body: { error: { message: 'Email is required' } } }, 1, API_PATH);
		const result = await engine.run(node('certificate', 'getAll', { email: 'ada@example.com' }));
		expect(result.error?.message).toBe('AcademyOcean: Email is required');
	});

	test('a 500 and a 429 become errors with their status', async () => {
		await engine.run(node('academy', 'getAll'));
		fake.server.inject({ kind: 'status', status: 500, body: 'Server Error' }, 1, API_PATH);
		const broken = await engine.run(node('academy', 'getAll'));
		expect(broken.status).toBe('error');
		expect(String((broken.error as { httpCode?: string })?.httpCode)).toBe('500');

		fake.server.inject({ kind: 'status', status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'Too Many Attempts.' } } }, 1, API_PATH);
		const limited = await engine.run(node('academy', 'getAll'));
		expect(limited.error?.message).toContain('Too Many Attempts.');
	});

	test('continue on fail: bad items become error items, the others go through', async () => {
		const items = [
			{ email: 'ada@example.com' },
			{ email: 'not-an-email' },
			{ email: 'nobody@example.com' },
			{ email: 'grace@example.com' },
		];
		const result = await engine.run(
			node('progress', 'getForLearner', { email: '={{ $json.email }}' }, { onError: 'continueRegularOutput' }),
			items,
		);
		expect(result.status).toBe('success');
		const byInput = (index: number) => result.items.filter((item) => JSON.stringify(item.pairedItem) === `{"item":${index}}`);
		expect(byInput(0).length).toBe(2);
		expect(byInput(0).every((item) => !item.error)).toBe(true);
		expect(byInput(1)[0].error?.message).toBe('"Email" is not an email address: "not-an-email"');
		expect(byInput(2)[0].error?.message).toBe('AcademyOcean: Learner not found');
		expect(byInput(3).length).toBe(2);
		// The malformed email never reached the API.
		expect(fake.callsOf('courseProgress')).toHaveLength(3);
	});
});

describe('comparison operators', () => {
	test('the default Equal To reaches the API as "=" (n8n reads a parameter value "=" as an expression)', async () => {
		await engine.run(node('learner', 'getAllRegistered', { filterBy: 'date', date: '2026-03-01T00:00:00' }));
		expect(fake.callsOf('learnersRegisteredAt')[0].options).toEqual({ date: '2026-03-01', operator: '=' });
	});

	test('an expression may give the symbol itself', async () => {
		await engine.run(node('learner', 'getAllByScore', { score: 60, operator: '={{ "<" }}' }));
		expect(fake.callsOf('learnersWithScore')[0].options).toEqual({ score: '60', operator: '<' });
	});
});

describe('validation before sending', () => {
	const cases: Array<[string, string, string, INodeParameters, string]> = [
		['score out of range', 'learner', 'getAllByScore', { score: 150 }, '"Score" must be a whole number from 0 to 100'],
		['period that ends before it starts', 'learner', 'getAllRegistered', { filterBy: 'period', from: '2026-03-02T00:00:00', to: '2026-03-01T00:00:00' }, 'must be earlier than "To"'],
		['date that is not a date', 'learner', 'getAllRegistered', { date: '={{ "last tuesday" }}' }, '"Date" is not a date: "last tuesday"'],
		['country code that is not two letters', 'learner', 'getAllFromCountry', { countryIsoCode: 'USA' }, '"Country Code" must be a two-letter ISO code'],
		['invite list with a malformed email', 'invite', 'check', { emails: 'ada@example.com, nope' }, '"Emails" contains "nope", which is not an email address'],
		['variable key that is not snake_case', 'variable', 'set', { academyId: ACADEMY_ID, variables: { variable: [{ email: 'ada@example.com', key: 'Bad Key', value: 'x' }] } }, '"Key" must be snake_case'],
		['delete with neither emails nor IDs', 'learner', 'delete', { emails: '={{ "" }}' }, 'Fill in "Learner Emails" or "Learner IDs"'],
		['invitee without a name', 'invite', 'create', { invitees: { invitee: [{ email: 'x@example.com', name: '', type: 'learner' }] } }, '"Invitees" entry 1: "Name" is required'],
		['login link to content without its course', 'learner', 'createLoginLink', { academyId: ACADEMY_ID, email: 'ada@example.com', redirectTo: 'contentById', courseId: '={{ "" }}', contentId: 'abc' }, '"Course ID" is required'],
	];

	test.each(cases)('%s fails the item and sends nothing', async (_name, resource, operation, parameters, message) => {
		const result = await engine.run(node(resource, operation, parameters));
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain(message);
		expect(fake.server.requestsTo(API_PATH)).toHaveLength(0);
	});
});

describe('learners progress by course: Return All and Limit', () => {
	const progress = (parameters: INodeParameters) =>
		engine.run(
			node('progress', 'getForCourse', {
				identifyCourseBy: 'id',
				courseId: 'NVpz0PmrkjrkOQW9d1Kx',
				options: { showNotStarted: true },
				...parameters,
				...(parameters.options ? { options: { showNotStarted: true, ...(parameters.options as IDataObject) } } : {}),
			}),
		);
	const pagesRequested = () => fake.callsOf('learnersProgressByCourse').map((call) => [call.options.page, call.options.amount]);

	test('Return All walks the pages until a short one', async () => {
		const result = await progress({ returnAll: true, options: { pageSize: 4 } });
		expect(result.items.map((item) => item.json.email)).toHaveLength(6);
		expect(pagesRequested()).toEqual([
			['1', '4'],
			['2', '4'],
		]);
	});

	test('Return All stops on an empty page when the last page is full', async () => {
		const result = await progress({ returnAll: true, options: { pageSize: 3 } });
		expect(result.items).toHaveLength(6);
		expect(pagesRequested()).toEqual([
			['1', '3'],
			['2', '3'],
			['3', '3'],
		]);
	});

	test('Limit stops as soon as it has enough learners', async () => {
		const result = await progress({ returnAll: false, limit: 5, options: { pageSize: 2 } });
		expect(result.items).toHaveLength(5);
		expect(pagesRequested()).toEqual([
			['1', '2'],
			['2', '2'],
			['3', '2'],
		]);
	});

	const progressPage = (count: number) => [
		{ learners: Array.from({ length: count }, (_, index) => ({ email: `learner${index}@example.com`, status: 'Completed' })) },
	];

	/** The courses lookup the node makes first is answered as the fake would; the pages after it are the test's. */
	const answerCoursesThen = (page: unknown, times: number) => {
		fake.server.inject({ kind: 'status', status: 200, body: [{ id: 'NVpz0PmrkjrkOQW9d1Kx', slug: 'onboarding', name: 'Onboarding' }] }, 1, API_PATH);
		fake.server.inject({ kind: 'status', status: 200, body: page }, times, API_PATH);
	};

	test('Return All stops when the server ignores the page size', async () => {
		await engine.run(node('academy', 'getAll'));
		answerCoursesThen(progressPage(7), 1);
		const result = await progress({ returnAll: true, options: { pageSize: 3 } });
		expect(result.items).toHaveLength(7);
		// academies, the courses lookup, one page.
		expect(fake.server.requestsTo(API_PATH)).toHaveLength(3);
	});

	test('Return All stops when the server ignores the page number', async () => {
		await engine.run(node('academy', 'getAll'));
		answerCoursesThen(progressPage(3), 2);
		const result = await progress({ returnAll: true, options: { pageSize: 3 } });
		expect(result.items.map((item) => item.json.email)).toEqual(['learner0@example.com', 'learner1@example.com', 'learner2@example.com']);
		expect(fake.server.requestsTo(API_PATH)).toHaveLength(4);
	});

	test('Return All over 250 learners uses pages of 100', async () => {
		await fake.stop();
		fake = await startFakeAcademyOcean(largeAcademy(250));
		credential = engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, baseUrl: fake.url });
		const result = await progress({ returnAll: true });
		expect(result.items).toHaveLength(256);
		expect(pagesRequested()).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
		expect(new Set(result.items.map((item) => item.json.email)).size).toBe(256);
	});
});

describe('learners progress by course: both course identifiers, as the reference requires', () => {
	const byId = (courseId: string, extra: Partial<NodeUnderTest> = {}) =>
		node('progress', 'getForCourse', { identifyCourseBy: 'id', courseId, returnAll: true }, extra);
	const progressCalls = () => fake.callsOf('learnersProgressByCourse').map((call) => [call.options.course_id, call.options.course_slug]);

	test('the other identifier comes from one courses request per execution, shared by every item', async () => {
		const items = [{ slug: 'onboarding' }, { slug: 'advanced-automation' }, { slug: 'onboarding' }, { slug: 'advanced-automation' }];
		const result = await engine.run(
			node('progress', 'getForCourse', { identifyCourseBy: 'slug', courseSlug: '={{ $json.slug }}', returnAll: true }),
			items,
		);
		expect(result.error).toBeUndefined();
		expect(fake.callsOf('courses')).toHaveLength(1);
		expect(progressCalls().sort()).toEqual([
			[ONBOARDING_COURSE_ID, 'onboarding'],
			[ONBOARDING_COURSE_ID, 'onboarding'],
			[ADVANCED_COURSE_ID, 'advanced-automation'],
			[ADVANCED_COURSE_ID, 'advanced-automation'],
		]);
		// A later execution looks the courses up again: a course may have been renamed meanwhile.
		await engine.run(byId(ADVANCED_COURSE_ID));
		expect(fake.callsOf('courses')).toHaveLength(2);
		expect(progressCalls().at(-1)).toEqual([ADVANCED_COURSE_ID, 'advanced-automation']);
	});

	test('a course the academy does not have fails the item, naming the field, and sends no progress request', async () => {
		const result = await engine.run(byId('no-such-course'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'"Course ID" is "no-such-course", which is not a course of this academy. "Course" takes a course ID (e.g. NVpz0PmrkjrkOQW9d1Kx), its URL slug (e.g. onboarding) or its URL, and no course of this academy has "no-such-course": pick the course From List',
		);
		expect(fake.callsOf('learnersProgressByCourse')).toHaveLength(0);
	});

	test('a failed lookup fails the items with the API error and is not kept: Retry On Fail gets it on the next try', async () => {
		await engine.run(node('academy', 'getAll'));
		fake.failApi(apiError('Server Error', 500), 1);
		const failed = await engine.run(byId(ONBOARDING_COURSE_ID));
		expect(failed.error?.message).toBe('AcademyOcean: Server Error');
		fake.failApi(apiError('Server Error', 500), 1);
		const retried = await engine.run(byId(ONBOARDING_COURSE_ID, { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }));
		expect(retried.error).toBeUndefined();
		expect(retried.items.map((item) => item.json.email)).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com', 'olena@example.com']);
		// academies; the failed lookup; the retried run's failed and then answered lookups; one progress page.
		expect(fake.server.requestsTo(API_PATH)).toHaveLength(5);
		expect(fake.callsOf('courses')).toHaveLength(1);
	});
});

describe('answers the reference leaves open', () => {
	test('an undocumented write answer is passed on as result: ["done"] (a leniency) becomes "done"', async () => {
		await fake.stop();
		fake = await startFakeAcademyOcean(undefined, undefined, { doneForUndocumentedWrites: true });
		credential = engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, baseUrl: fake.url });
		const result = await engine.run(node('learner', 'revokeAccess', { learners: 'alan@example.com' }));
		expect(result.items).toEqual([{ json: { success: true, result: 'done' }, pairedItem: { item: 0 } }]);
	});

	test('string True/False flags are sent as "True" when on and left out when off', async () => {
		await engine.run(node('invite', 'delete', { emails: 'pending@example.com' }));
		await engine.run(node('invite', 'delete', { emails: 'olena@example.com', deleteLearners: true }));
		expect(fake.callsOf('deleteLearnerInvite').map((call) => call.options)).toEqual([
			{ emails: { 0: 'pending@example.com' } },
			{ emails: { 0: 'olena@example.com' }, is_delete_users: 'True' },
		]);
	});
});
