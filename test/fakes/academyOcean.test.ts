import { randomUUID } from 'node:crypto';

import { encodePhpForm } from '../../nodes/shared/phpForm.ts';
import type { AcademyState, ActionName, FakeAcademyOceanOptions } from './academyOcean.ts';
import {
	ACTION_NAMES,
	ADVANCED_COURSE_ID,
	API_PATH,
	DEMO_ACADEMY_ID,
	FakeAcademyOcean,
	ONBOARDING_COURSE_ID,
	TOKEN_PATH,
	apiError,
	demoAcademy,
	dropped,
	largeAcademy,
	serverError,
	slow,
	throttled,
} from './academyOcean.ts';

// The fake over real HTTP (Node's fetch), as the node and the sandbox meet it.

const CLIENT_ID = 'test-client';
// Made up per run, with a colon: Basic credentials split at the first one only.
const CLIENT_SECRET = `s:${randomUUID()}`;

let fake: FakeAcademyOcean;
/** The token api() uses; fetched on first use after each (re)start. */
let cachedToken: string | undefined;

async function startFake(state: AcademyState = demoAcademy(), options: Partial<FakeAcademyOceanOptions> = {}) {
	await fake?.stop();
	cachedToken = undefined;
	fake = await new FakeAcademyOcean(state, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options }).start();
}

beforeEach(async () => {
	await startFake();
});

afterEach(async () => {
	await fake.stop();
});

/** A parsed JSON answer; every test checks it with toEqual/toMatchObject, so it is read untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Json = any;

interface Answer {
	status: number;
	headers: Headers;
	body: Json;
}

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
	const response = await fetch(`${fake.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body,
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const tokenForm = (fields: Record<string, unknown> = {}) =>
	encodePhpForm({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: '', ...fields });

async function accessToken(): Promise<string> {
	const answer = await post(TOKEN_PATH, tokenForm());
	expect(answer.status).toBe(200);
	return answer.body.access_token as string;
}

/** One API call with a valid token (fetched once per test), options as Guzzle's form_params. */
async function api(action: string, options?: Record<string, unknown>, token?: string): Promise<Answer> {
	cachedToken ??= await accessToken();
	const body = encodePhpForm(options ? { action, options } : { action });
	return await post(API_PATH, body, { authorization: `Bearer ${token ?? cachedToken}` });
}

/** The answer of a call that must succeed. */
async function ok(action: string, options?: Record<string, unknown>): Promise<Json> {
	const answer = await api(action, options);
	expect({ action, status: answer.status, body: answer.status === 200 ? 'ok' : answer.body }).toEqual({ action, status: 200, body: 'ok' });
	return answer.body;
}

/** The message and status of a call that must fail. */
async function failure(action: string, options?: Record<string, unknown>): Promise<[number, string]> {
	const answer = await api(action, options);
	expect(Object.keys(answer.body)).toEqual(['error']);
	return [answer.status, answer.body.error.message as string];
}

const emails = (rows: Array<{ email: string }>) => rows.map((row) => row.email);
const ATOM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

const LEARNER_FIELDS = [
	'name',
	'email',
	'registered_at',
	'score',
	'lessons_opened',
	'lessons_completed',
	'courses_completed',
	'spent_time_in_academy',
	'certificates_amount',
	'company',
	'country',
	'country_iso_code',
	'city',
	'os',
	'device',
	'browser',
	'last_login_at',
];
const FINAL_QUIZ = `${ONBOARDING_COURSE_ID}-Q1`;
const AUTOMATION_QUIZ = `${ADVANCED_COURSE_ID}-Q1`;

describe('token endpoint (OAuth2 client credentials)', () => {
	test('answers the reference shape with a JWT that expires when expires_in says, and counts requests', async () => {
		const answer = await post(TOKEN_PATH, tokenForm());
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.body)).toEqual(['token_type', 'expires_in', 'access_token']);
		expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 604800 });
		const [header, payload, signature] = String(answer.body.access_token).split('.');
		expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ typ: 'JWT', alg: 'RS256' });
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
		expect(claims).toMatchObject({ aud: CLIENT_ID, sub: '', scopes: [] });
		expect(claims.exp - claims.iat).toBe(604800);
		expect(signature.length).toBeGreaterThan(40);
		expect(fake.tokenRequests).toBe(1);
		await post(TOKEN_PATH, tokenForm());
		expect(fake.tokenRequests).toBe(2);
	});

	test('takes client id and secret only from the body, as the reference documents; scope must be empty', async () => {
		const basic = { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` };
		const headerOnly = await post(TOKEN_PATH, encodePhpForm({ grant_type: 'client_credentials', scope: '' }), basic);
		expect(headerOnly).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
		expect(await post(TOKEN_PATH, tokenForm({ scope: '*' }))).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
		expect(await post(TOKEN_PATH, tokenForm({ scope: undefined }))).toMatchObject({ status: 400, body: { error: 'invalid_request', hint: 'Check the `scope` parameter' } });
		const json = JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: '' });
		expect((await post(TOKEN_PATH, json, { 'content-type': 'application/json' })).status).toBe(400);
		expect(fake.tokenRequests).toBe(4);
	});

	test('with the basicClientAuth leniency, takes client id and secret from a Basic header, split at the first colon; the body wins over it', async () => {
		await startFake(demoAcademy(), { leniencies: { basicClientAuth: true } });
		const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
		const headerOnly = encodePhpForm({ grant_type: 'client_credentials', scope: '' });
		expect((await post(TOKEN_PATH, headerOnly, basic(CLIENT_ID, CLIENT_SECRET))).status).toBe(200);
		expect((await post(TOKEN_PATH, headerOnly, basic(CLIENT_ID, 'wrong'))).status).toBe(401);
		expect((await post(TOKEN_PATH, tokenForm(), basic(CLIENT_ID, 'wrong'))).status).toBe(200);
	});

	test('with the jsonBodies and wildcardScope leniencies, accepts a JSON body and scope *', async () => {
		await startFake(demoAcademy(), { leniencies: { jsonBodies: true, wildcardScope: true } });
		expect((await post(TOKEN_PATH, tokenForm({ scope: '*' }))).status).toBe(200);
		const body = JSON.stringify({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: '' });
		expect((await post(TOKEN_PATH, body, { 'content-type': 'application/json' })).status).toBe(200);
	});

	test.each<[string, Record<string, unknown>, number, string]>([
		['a wrong secret', { client_secret: 'nope' }, 401, 'invalid_client'],
		['an unknown client', { client_id: 'someone-else' }, 401, 'invalid_client'],
		['no client id', { client_id: undefined }, 400, 'invalid_request'],
		['no grant type', { grant_type: undefined }, 400, 'unsupported_grant_type'],
		['the password grant', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
		['a scope Passport does not know', { scope: 'admin' }, 400, 'invalid_scope'],
	])('refuses %s as Laravel Passport does', async (_name, fields, status, error) => {
		const answer = await post(TOKEN_PATH, tokenForm(fields));
		expect(answer.status).toBe(status);
		expect(answer.body).toMatchObject({ error, message: expect.any(String), error_description: expect.any(String) });
		expect(answer.body.access_token).toBeUndefined();
		expect(fake.tokenRequests).toBe(1);
	});

	test('tokens live as long as configured; advancing the clock past it gives 401, a new token works', async () => {
		await startFake(demoAcademy(), { tokenLifetimeSeconds: 60 });
		const answer = await post(TOKEN_PATH, tokenForm());
		expect(answer.body.expires_in).toBe(60);
		const token = answer.body.access_token as string;
		expect((await api('academies', undefined, token)).status).toBe(200);
		fake.advanceTime(59);
		expect((await api('academies', undefined, token)).status).toBe(200);
		fake.advanceTime(2);
		expect((await api('academies', undefined, token)).status).toBe(401);
		expect((await api('academies', undefined, await accessToken())).status).toBe(200);
	});

	test('expireAllTokens revokes every issued token; tokenRequests can be reset', async () => {
		const first = await accessToken();
		const second = await accessToken();
		fake.expireAllTokens();
		expect((await api('academies', undefined, first)).status).toBe(401);
		expect((await api('academies', undefined, second)).status).toBe(401);
		fake.tokenRequests = 0;
		expect((await api('academies', undefined, await accessToken())).status).toBe(200);
		expect(fake.tokenRequests).toBe(1);
	});
});

describe('API transport', () => {
	test.each<[string, Record<string, string>]>([
		['no Authorization header', {}],
		['an unknown token', { authorization: 'Bearer not-a-token' }],
		['Basic credentials', { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}` }],
	])('%s gets 401 Unauthenticated and is not recorded as a call', async (_name, headers) => {
		const answer = await post(API_PATH, 'action=academies', headers);
		expect(answer.status).toBe(401);
		expect(answer.body).toEqual({ error: { message: 'Unauthenticated.' } });
		expect(fake.calls).toHaveLength(0);
	});

	test('the API is at /api/v1/ exactly; /api/v1 only with the pathWithoutTrailingSlash leniency', async () => {
		let token = await accessToken();
		expect((await post('/api/v1/', 'action=academies', { authorization: `Bearer ${token}` })).status).toBe(200);
		expect((await post('/api/v1', 'action=academies', { authorization: `Bearer ${token}` })).status).toBe(404);
		await startFake(demoAcademy(), { leniencies: { pathWithoutTrailingSlash: true } });
		token = await accessToken();
		expect((await post('/api/v1', 'action=academies', { authorization: `Bearer ${token}` })).status).toBe(200);
	});

	test('a body that is not form fields is refused with 415', async () => {
		const token = await accessToken();
		const json = await post(API_PATH, JSON.stringify({ action: 'academies' }), { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
		expect(json.status).toBe(415);
		expect(json.body.error.message).toBe('Unsupported Media Type: the reference documents form fields (application/x-www-form-urlencoded), got application/json');
		expect((await post(API_PATH, 'action=academies', { authorization: `Bearer ${token}`, 'content-type': 'text/plain' })).status).toBe(415);
		expect(fake.calls).toHaveLength(0);
	});

	test('records each call as PHP parsed it: action, options (all text), raw body, status', async () => {
		await ok('learnersWithScore', { score: 50, operator: '>=' });
		await failure('nope');
		expect(fake.calls.map((call) => [call.action, call.status])).toEqual([
			['learnersWithScore', 200],
			['nope', 422],
		]);
		expect(fake.callsOf('learnersWithScore')[0].options).toEqual({ score: '50', operator: '>=' });
		expect(fake.callsOf('learnersWithScore')[0].raw).toBe('action=learnersWithScore&options%5Bscore%5D=50&options%5Boperator%5D=%3E%3D');
		expect(fake.lastCall?.action).toBe('nope');
	});

	test('with the jsonBodies leniency, a JSON body {action, options} works like the form (booleans and numbers as PHP casts them)', async () => {
		await startFake(demoAcademy(), { leniencies: { jsonBodies: true } });
		const token = await accessToken();
		const json = async (value: unknown) =>
			await post(API_PATH, JSON.stringify(value), { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
		const scored = await json({ action: 'learnersWithScore', options: { score: 50, operator: '>=' } });
		expect(emails(scored.body)).toEqual(['ada@example.com', 'grace@example.com', 'olena@example.com']);
		const withTeams = await json({ action: 'learners', options: { email: 'ada@example.com', with_teams: true, with_academy: false } });
		expect(withTeams.body[0].teams).toEqual([{ id: 'team-sales', name: 'Sales' }]);
		expect(withTeams.body[0].academy).toBeUndefined();
		expect(fake.lastCall?.options).toEqual({ email: 'ada@example.com', with_teams: '1', with_academy: '0' });
		expect((await json([1, 2])).status).toBe(400);
		const broken = await post(API_PATH, '{"action":', { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
		expect(broken).toMatchObject({ status: 400, body: { error: { message: 'The request body is not valid JSON' } } });
	});

	test('an unknown or missing action is a 422 error', async () => {
		expect(await failure('dropTables')).toEqual([422, 'Unknown action: dropTables']);
		expect(await failure('toString')).toEqual([422, 'Unknown action: toString']);
		expect(await failure('')).toEqual([422, 'Action is required']);
	});

	test('maxInputVars: 1000 drops what a stock PHP server drops (one pair past the limit is still read)', async () => {
		const learners = Array.from({ length: 1500 }, (_, index) => `bulk${index}@example.com`);
		await startFake(demoAcademy(), { maxInputVars: 1000 });
		await ok('revokeLearnersAccess', { learners });
		// `action` is the first pair, so 1,000 of the 1,500 emails arrive.
		expect(Object.keys(fake.lastCall!.options.learners)).toHaveLength(1000);
		await startFake();
		await ok('revokeLearnersAccess', { learners });
		expect(Object.keys(fake.lastCall!.options.learners)).toHaveLength(1500);
	});
});

describe('every action', () => {
	const validCalls: Record<ActionName, Record<string, unknown> | undefined> = {
		learners: undefined,
		courses: undefined,
		certificates: { email: 'ada@example.com' },
		learnersProgressByCourse: { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding' },
		courseProgress: { email: 'ada@example.com' },
		learnersAmountFromCountries: undefined,
		learnersFromCountry: { country_iso_code: 'US' },
		learnersWithScore: { score: 50 },
		learnersRegisteredAt: { date: '2026-03-02' },
		learnersCourseComplete: { course_id: 'onboarding' },
		passiveLearners: undefined,
		inviteLearners: { learners: [{ email: 'new@example.com', name: 'New Person', type: 'learner' }] },
		checkLearnerInvite: { emails: ['pending@example.com'] },
		learnersChurnAtContent: { course_id: ADVANCED_COURSE_ID, content_id: 'second-lesson' },
		learnersRepeatedLogIns: undefined,
		academies: undefined,
		createLoginToken: { academy_id: DEMO_ACADEMY_ID, email: 'ada@example.com' },
		setLessonVariables: { academy_id: DEMO_ACADEMY_ID, records: { 'ada@example.com': [{ key: 'cohort', value: 'A' }] } },
		getLearnerVariable: { records: { 'ada@example.com': ['favourite_language'] } },
		getTeams: undefined,
		addLearnersToTeams: { teams: ['team-sales'], learners: ['alan@example.com'] },
		removeLearnersFromTeams: { learners: [{ email: 'ada@example.com', teams: ['team-sales'] }] },
		revokeLearnersAccess: { learners: ['alan@example.com'] },
		returnLearnersAccess: { learners: ['alan@example.com'] },
		getLearnersQuizStatistic: { records: { 'ada@example.com': [FINAL_QUIZ] } },
		addLearnerQuizAttempts: { quiz_id: FINAL_QUIZ, email: 'grace@example.com' },
		deleteLearnerInvite: { emails: ['pending@example.com'] },
		deleteLearners: { emails: ['joao@example.com'] },
	};

	test('the fake knows exactly the reference’s 28 actions', () => {
		expect(ACTION_NAMES).toHaveLength(28);
		expect(Object.keys(validCalls).sort()).toEqual([...ACTION_NAMES].sort());
	});

	test.each(Object.entries(validCalls))('%s answers 200 to a valid call', async (action, options) => {
		await ok(action, options);
	});
});

describe('learner lists', () => {
	test('learners: the reference fields; email filter; with_academy and with_teams', async () => {
		const all = await ok('learners');
		expect(emails(all)).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com', 'katherine@example.com', 'olena@example.com', 'joao@example.com']);
		for (const row of all) expect(Object.keys(row)).toEqual(LEARNER_FIELDS);
		expect(all[0]).toMatchObject({ registered_at: '2026-01-05T08:00:00+00:00', score: 100, company: 'https://analytical-engines.example.com' });
		expect(all.every((row: Record<string, unknown>) => ATOM.test(String(row.registered_at)) && ATOM.test(String(row.last_login_at)))).toBe(true);
		const [ada] = await ok('learners', { email: 'ADA@example.com', with_academy: true, with_teams: true });
		expect(Object.keys(ada)).toEqual([...LEARNER_FIELDS, 'academy', 'teams']);
		expect(ada).toMatchObject({ academy: { id: DEMO_ACADEMY_ID, name: 'Demo Academy' }, teams: [{ id: 'team-sales', name: 'Sales' }] });
		expect(await ok('learners', { email: 'nobody@example.com' })).toEqual([]);
	});

	test.each<[string | undefined, number, string[]]>([
		[undefined, 0, ['katherine@example.com', 'joao@example.com']],
		['=', 50, ['grace@example.com']],
		['>', 50, ['ada@example.com', 'olena@example.com']],
		['<', 50, ['alan@example.com', 'katherine@example.com', 'joao@example.com']],
		['>=', 50, ['ada@example.com', 'grace@example.com', 'olena@example.com']],
		['<=', 50, ['grace@example.com', 'alan@example.com', 'katherine@example.com', 'joao@example.com']],
		['<>', 50, ['ada@example.com', 'alan@example.com', 'katherine@example.com', 'olena@example.com', 'joao@example.com']],
	])('learnersWithScore operator %s score %d', async (operator, score, expected) => {
		const rows = await ok('learnersWithScore', { score, operator });
		expect(emails(rows)).toEqual(expected);
		for (const row of rows) expect(Object.keys(row)).toEqual(LEARNER_FIELDS);
	});

	test('learnersWithScore validates its input', async () => {
		expect(await failure('learnersWithScore')).toEqual([422, 'Score is required']);
		expect(await failure('learnersWithScore', { score: 'high' })).toEqual([422, 'Score must be an integer']);
		expect(await failure('learnersWithScore', { score: 50, operator: '=>' })).toEqual([422, 'Operator must be one of =, >, <, >=, <=, <>']);
	});

	test.each<[string, Record<string, unknown>, string[]]>([
		['a day (default =)', { date: '2026-03-02' }, ['olena@example.com']],
		['after a day', { date: '2026-03-02', operator: '>' }, ['joao@example.com']],
		['before a day', { date: '2026-03-02', operator: '<' }, ['ada@example.com', 'grace@example.com', 'alan@example.com', 'katherine@example.com']],
		['after an instant', { date: '2026-03-02 09:59:59', operator: '>' }, ['olena@example.com', 'joao@example.com']],
		['an interval, bounds included', { dates: ['2026-01-05 08:00:00', '2026-01-20 12:30:00'] }, ['ada@example.com', 'grace@example.com']],
		['dates win over date', { date: '2026-03-02', dates: ['2026-01-01 00:00:00', '2026-01-31 23:59:59'] }, ['ada@example.com', 'grace@example.com']],
	])('learnersRegisteredAt: %s', async (_name, options, expected) => {
		expect(emails(await ok('learnersRegisteredAt', options))).toEqual(expected);
	});

	test.each<[Record<string, unknown>, string]>([
		[{}, 'Date is required'],
		[{ date: 'last tuesday' }, 'Date must be a date like 2017-09-24 or 2017-09-24 00:00:00'],
		[{ date: '2026-02-30' }, 'Date is not a real date: 2026-02-30'],
		[{ dates: ['2026-01-31 00:00:00', '2026-01-01 00:00:00'] }, 'First date must be less than second'],
		[{ dates: ['2026-01-01 00:00:00'] }, 'Dates must contain exactly two dates'],
	])('learnersRegisteredAt refuses %j', async (options, message) => {
		expect(await failure('learnersRegisteredAt', options)).toEqual([422, message]);
	});

	test('passiveLearners and learnersRepeatedLogIns', async () => {
		const passive = await ok('passiveLearners');
		expect(passive).toEqual([
			{ registered_at: '2026-03-01T07:15:00+00:00', name: 'Katherine Johnson', email: 'katherine@example.com', company: null },
			{ registered_at: '2026-03-03T22:10:00+00:00', name: 'João Silva', email: 'joao@example.com', company: null },
		]);
		const repeated = await ok('learnersRepeatedLogIns');
		expect(repeated.map((row: Record<string, unknown>) => [row.email, row.log_ins_amount])).toEqual([
			['ada@example.com', 5],
			['grace@example.com', 3],
			['olena@example.com', 2],
		]);
		expect(Object.keys(repeated[0])).toEqual([...LEARNER_FIELDS, 'log_ins_amount']);
	});

	test('learnersAmountFromCountries and learnersFromCountry', async () => {
		expect(await ok('learnersAmountFromCountries')).toEqual([
			{ country_iso_code: 'US', country: 'United States', amount: 2 },
			{ country_iso_code: 'DE', country: 'Germany', amount: 1 },
			{ country_iso_code: 'GB', country: 'United Kingdom', amount: 1 },
			{ country_iso_code: 'UA', country: 'Ukraine', amount: 1 },
			{ country_iso_code: 'BR', country: 'Brazil', amount: 1 },
		]);
		expect(await ok('learnersAmountFromCountries', { country_iso_code: 'de' })).toEqual([{ country_iso_code: 'DE', country: 'Germany', amount: 1 }]);
		expect(await ok('learnersAmountFromCountries', { country_iso_code: 'FR' })).toEqual([{ country_iso_code: 'FR', country: 'France', amount: 0 }]);
		const us = await ok('learnersFromCountry', { country_iso_code: 'US' });
		expect(Object.keys(us)).toEqual(['country_iso_code', 'country', 'amount', 'learners']);
		expect(us).toMatchObject({ country_iso_code: 'US', country: 'United States', amount: 2 });
		expect(emails(us.learners)).toEqual(['ada@example.com', 'katherine@example.com']);
		expect(Object.keys(us.learners[0])).toEqual(LEARNER_FIELDS);
		expect(await ok('learnersFromCountry', { country_iso_code: 'fr' })).toEqual({ country_iso_code: 'FR', country: 'France', amount: 0, learners: [] });
		expect(await failure('learnersFromCountry')).toEqual([422, 'Country iso code is required']);
		expect(await failure('learnersFromCountry', { country_iso_code: 'USA' })).toEqual([422, 'Country iso code must be a two-letter code']);
	});
});

describe('courses, certificates, completions, churn', () => {
	test('courses: the reference fields, one course in a group', async () => {
		const courses = await ok('courses');
		expect(courses.map((course: Record<string, unknown>) => Object.keys(course))).toEqual([
			['id', 'slug', 'name', 'description', 'img', 'course_open_url', 'is_in_group', 'is_scorm', 'is_ribbon_enabled', 'ribbon_text'],
			['id', 'slug', 'name', 'description', 'img', 'course_open_url', 'is_in_group', 'is_scorm', 'is_ribbon_enabled', 'ribbon_text'],
		]);
		expect(courses.map((course: Record<string, unknown>) => [course.id, course.slug, course.is_in_group])).toEqual([
			[ONBOARDING_COURSE_ID, 'onboarding', false],
			[ADVANCED_COURSE_ID, 'advanced-automation', true],
		]);
	});

	test('certificates: email required (the reference’s own example message), [] for none', async () => {
		expect(await failure('certificates')).toEqual([422, 'Email is required']);
		expect(await failure('certificates', { email: 'ada' })).toEqual([422, 'ada is not a valid email']);
		const [certificate] = await ok('certificates', { email: 'ada@example.com' });
		expect(Object.keys(certificate)).toEqual(['issued_date', 'course_name', 'url_to_pdf', 'url_to_image']);
		expect(certificate).toMatchObject({ issued_date: '2026-02-01T10:00:00+00:00', course_name: 'Onboarding' });
		expect(certificate.url_to_pdf).toMatch(/^https:\/\/\S+\.pdf$/);
		expect(certificate.url_to_image).toMatch(/^https:\/\/\S+\.jpg$/);
		expect(await ok('certificates', { email: 'katherine@example.com' })).toEqual([]);
	});

	test('learnersCourseComplete by id, slug or course URL', async () => {
		const byUrl = await ok('learnersCourseComplete', { course_id: 'https://demo.academyocean.com/course/onboarding/open' });
		expect(byUrl.map((row: Record<string, unknown>) => row.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Olena Kovalenko']);
		expect(byUrl[0]).toEqual({
			date_of_passing: '2026-02-01T10:00:00+00:00',
			name: 'Ada Lovelace',
			score: 100,
			courses_completed: 2,
			spent_time_in_academy: 7200,
			certificates_amount: 1,
			company: 'https://analytical-engines.example.com',
		});
		expect(await ok('learnersCourseComplete', { course_id: 'advanced-automation' })).toHaveLength(1);
		expect(await ok('learnersCourseComplete', { course_id: ADVANCED_COURSE_ID })).toHaveLength(1);
		expect(await failure('learnersCourseComplete', { course_id: 'nope' })).toEqual([404, 'Course not found']);
	});

	test('learnersChurnAtContent by content slug or id', async () => {
		expect(await ok('learnersChurnAtContent', { course_id: ADVANCED_COURSE_ID, content_id: 'second-lesson' })).toEqual([
			{
				churn_date: '2026-02-11T09:30:00+00:00',
				email: 'grace@example.com',
				name: 'Grace Hopper',
				spent_time_in_academy: 3600,
				spent_time_in_content: 420,
				registered_at: '2026-01-20T12:30:00+00:00',
			},
		]);
		expect(emails(await ok('learnersChurnAtContent', { course_id: 'onboarding', content_id: `${ONBOARDING_COURSE_ID}-L2` }))).toEqual(['alan@example.com']);
		expect(await ok('learnersChurnAtContent', { course_id: 'onboarding', content_id: 'first-lesson' })).toEqual([]);
		expect(await failure('learnersChurnAtContent', { course_id: 'onboarding', content_id: 'nope' })).toEqual([404, 'Content not found in course onboarding']);
		expect(await failure('learnersChurnAtContent', { course_id: 'onboarding' })).toEqual([422, 'Content id is required']);
	});
});

describe('progress', () => {
	const PROGRESS_FIELDS = [
		'email',
		'full_name',
		'first_name',
		'last_name',
		'startDate',
		'startTime',
		'completionDate',
		'completionTime',
		'status',
		'duration',
		'viewTime',
		'totalAmount',
		'passedAmount',
		'courseScore',
		'teams',
	];

	test('learnersProgressByCourse: the documented [{ learners: [...] }] with the reference’s formats', async () => {
		const answer = await ok('learnersProgressByCourse', { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', show_not_started_learners: true });
		expect(answer).toHaveLength(1);
		expect(Object.keys(answer[0])).toEqual(['learners']);
		const rows = answer[0].learners;
		for (const row of rows) expect(Object.keys(row)).toEqual(PROGRESS_FIELDS);
		expect(rows[0]).toEqual({
			email: 'ada@example.com',
			full_name: 'Ada Lovelace',
			first_name: 'Ada',
			last_name: 'Lovelace',
			startDate: '01/20/2026',
			startTime: '7:41 AM',
			completionDate: '02/01/2026',
			completionTime: '10:00 AM',
			status: 'Completed',
			duration: '00:30:00',
			viewTime: '00:40:00',
			totalAmount: 3,
			passedAmount: '3',
			courseScore: 100,
			teams: ['Sales'],
		});
		expect(rows.find((row: { email: string }) => row.email === 'alan@example.com')).toMatchObject({ status: 'In progress', passedAmount: '1', completionDate: null, teams: ['No Team'] });
		expect(rows.find((row: { email: string }) => row.email === 'joao@example.com')).toMatchObject({ status: 'Not started', startDate: null, passedAmount: '0', viewTime: '00:00:00' });
		const started = await ok('learnersProgressByCourse', { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding' });
		expect(emails(started[0].learners)).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com', 'olena@example.com']);
	});

	test('learnersProgressByCourse pages: walking page 1, 2, … until a short page yields everyone once', async () => {
		await startFake(largeAcademy(250));
		const seen: string[] = [];
		let page = 1;
		for (; page <= 50; page++) {
			const [{ learners }] = await ok('learnersProgressByCourse', { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', page, amount: 25, show_not_started_learners: 1 });
			seen.push(...emails(learners));
			if (learners.length < 25) break;
		}
		expect(page).toBe(11);
		expect(seen).toHaveLength(256);
		expect(new Set(seen).size).toBe(256);
		const [{ learners: past }] = await ok('learnersProgressByCourse', { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', page: 12, amount: 25 });
		expect(past).toEqual([]);
		const [{ learners: defaults }] = await ok('learnersProgressByCourse', { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', show_not_started_learners: 1 });
		expect(defaults).toHaveLength(10);
	});

	test.each<[Record<string, unknown>, number, string]>([
		[{}, 422, 'Course id is required'],
		[{ course_slug: 'onboarding' }, 422, 'Course id is required'],
		[{ course_id: ONBOARDING_COURSE_ID }, 422, 'Course slug is required'],
		[{ course_id: 'nope', course_slug: 'onboarding' }, 404, 'Course not found'],
		[{ course_id: ONBOARDING_COURSE_ID, course_slug: 'advanced-automation' }, 422, 'Course id and course slug name different courses'],
		[{ course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', page: 0 }, 422, 'Page must be at least 1'],
		[{ course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', page: 'two' }, 422, 'Page must be an integer'],
		[{ course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', amount: 0 }, 422, 'Amount must be at least 1'],
	])('learnersProgressByCourse refuses %j', async (options, status, message) => {
		expect(await failure('learnersProgressByCourse', options)).toEqual([status, message]);
	});

	test('learnersProgressByCourse takes either identifier alone only with the eitherCourseIdentifier leniency', async () => {
		await startFake(demoAcademy(), { leniencies: { eitherCourseIdentifier: true } });
		for (const options of [{ course_slug: 'onboarding' }, { course_id: ONBOARDING_COURSE_ID }]) {
			expect(emails((await ok('learnersProgressByCourse', options))[0].learners)).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com', 'olena@example.com']);
		}
		expect(await failure('learnersProgressByCourse', {})).toEqual([422, 'Course id or course slug is required']);
	});

	test('courseProgress: started courses with content progress, quiz settings, academy and teams', async () => {
		const courses = await ok('courseProgress', { email: 'grace@example.com', with_academy: 1, with_teams: 1 });
		expect(courses.map((course: Record<string, unknown>) => course.course_id)).toEqual([ONBOARDING_COURSE_ID, ADVANCED_COURSE_ID]);
		const advanced = courses[1];
		expect(Object.keys(advanced)).toEqual([
			'course_id',
			'course_name',
			'course_description',
			'course_img',
			'course_open_url',
			'start_date',
			'finish_date',
			'lessons_amount',
			'progress_amount',
			'progress',
			'content_progress',
			'academy',
			'teams',
		]);
		expect(advanced).toMatchObject({
			start_date: '2026-02-11T09:00:00+00:00',
			finish_date: null,
			lessons_amount: 3,
			progress_amount: 1,
			progress: 33.3,
			academy: { id: DEMO_ACADEMY_ID, name: 'Demo Academy' },
			teams: [],
		});
		const [lesson, next, quiz] = advanced.content_progress;
		expect(lesson).toEqual({
			id: `${ADVANCED_COURSE_ID}-L1`,
			type: 'lesson',
			name: 'First lesson',
			is_passed: true,
			started_at: '2026-02-11T09:00:00+00:00',
			passed_at: '2026-02-11T09:15:00+00:00',
			pass_time_sec: 900,
		});
		expect(next).toMatchObject({ is_passed: false, started_at: '2026-02-11T09:15:00+00:00', passed_at: null, pass_time_sec: null });
		expect(quiz).toEqual({
			id: AUTOMATION_QUIZ,
			type: 'quiz',
			name: 'Final quiz',
			is_passed: false,
			started_at: null,
			passed_at: null,
			pass_time_sec: null,
			score: null,
			passing_score: 3,
			is_need_manual_approve: true,
			is_timer_on: true,
			timer_minutes: 10,
			is_timer_expired: false,
		});
		expect(courses[0]).toMatchObject({ progress: 100, progress_amount: 3, finish_date: '2026-02-10T10:00:00+00:00' });
		expect(courses[0].content_progress[2]).toMatchObject({ type: 'quiz', is_passed: true, score: 4, passing_score: 4 });
	});

	test('courseProgress: course_type lists every course; errors for a missing or unknown learner', async () => {
		expect(await ok('courseProgress', { email: 'katherine@example.com' })).toEqual([]);
		const available = await ok('courseProgress', { email: 'katherine@example.com', course_type: true });
		expect(available.map((course: Record<string, unknown>) => [course.course_id, course.progress, course.start_date])).toEqual([
			[ONBOARDING_COURSE_ID, 0, null],
			[ADVANCED_COURSE_ID, 0, null],
		]);
		expect(await failure('courseProgress')).toEqual([422, 'Email is required']);
		expect(await failure('courseProgress', { email: 'nobody@example.com' })).toEqual([404, 'Learner not found']);
	});
});

describe('invites', () => {
	test('inviteLearners counts new invites only; checkLearnerInvite sees them; accepting makes a learner', async () => {
		const invited = await ok('inviteLearners', {
			learners: [
				{ email: 'newbie@example.com', name: 'New Bie', type: 'learner', teams: ['team-sales'] },
				{ email: 'boss@example.com', name: 'The Boss', type: 'manager' },
				{ email: 'ada@example.com', name: 'Ada again', type: 'learner' },
				{ email: 'pending@example.com', name: 'Pat again', type: 'learner' },
				{ email: 'newbie@example.com', name: 'New Bie twice', type: 'learner' },
			],
			is_send_email: 'True',
		});
		expect(invited).toEqual({ invited: 2 });
		// The reference types is_send_email as the string True/False, not the 1 a PHP boolean becomes.
		expect(await failure('inviteLearners', { learners: [{ email: 'x@example.com', name: 'X', type: 'learner' }], is_send_email: true })).toEqual([422, 'Is send email must be True or False']);
		expect(fake.state.invites.find((invite) => invite.email === 'boss@example.com')).toMatchObject({ type: 'manager', email_sent: true, used_at: null });

		const check = () => ok('checkLearnerInvite', { emails: ['newbie@example.com', 'olena@example.com', 'nobody@example.com'] });
		expect(await check()).toEqual({
			'newbie@example.com': { is_found: true, is_used: false, used_at: null },
			'olena@example.com': { is_found: true, is_used: true, used_at: '2026-03-02T10:00:00+00:00' },
			'nobody@example.com': { is_found: false, is_used: null, used_at: null },
		});

		fake.acceptInvite('newbie@example.com');
		expect((await check())['newbie@example.com']).toEqual({ is_found: true, is_used: true, used_at: expect.stringMatching(ATOM) });
		const [newbie] = await ok('learners', { email: 'newbie@example.com', with_teams: true });
		expect(newbie).toMatchObject({ name: 'New Bie', teams: [{ id: 'team-sales', name: 'Sales' }] });
		expect(() => fake.acceptInvite('newbie@example.com')).toThrow('already used');
	});

	const valid = { email: 'ok@example.com', name: 'Ok', type: 'learner' };
	test.each<[string, Record<string, unknown>, string]>([
		['no learners', {}, 'Learners is required'],
		['a learner without email', { learners: [valid, { name: 'No Email', type: 'learner' }] }, 'Learners 1: Email is required'],
		['a learner without name', { learners: [valid, { email: 'x@example.com', type: 'learner' }] }, 'Learners 1: Name is required'],
		['an unknown type', { learners: [valid, { email: 'x@example.com', name: 'X', type: 'admin' }] }, 'Learners 1: Type must be learner or manager'],
		['an unknown team', { learners: [valid, { email: 'x@example.com', name: 'X', type: 'learner', teams: ['team-nope'] }] }, 'Team team-nope not found'],
	])('inviteLearners refuses %s and invites nobody', async (_name, options, message) => {
		const before = fake.state.invites.length;
		expect(await failure('inviteLearners', options)).toEqual([422, message]);
		expect(fake.state.invites).toHaveLength(before);
	});

	test('deleteLearnerInvite removes pending invites, and with is_delete_users the learners too', async () => {
		expect(await ok('deleteLearnerInvite', { emails: ['pending@example.com', 'olena@example.com'] })).toEqual(['done']);
		expect(await ok('checkLearnerInvite', { emails: ['pending@example.com', 'olena@example.com'] })).toMatchObject({
			'pending@example.com': { is_found: false },
			'olena@example.com': { is_found: true, is_used: true },
		});
		expect(emails(await ok('learners'))).toContain('olena@example.com');
		expect(await failure('deleteLearnerInvite', { emails: ['olena@example.com'], is_delete_users: 1 })).toEqual([422, 'Is delete users must be True or False']);
		await ok('deleteLearnerInvite', { emails: ['olena@example.com'], is_delete_users: 'True' });
		expect(emails(await ok('learners'))).not.toContain('olena@example.com');
		expect(await failure('deleteLearnerInvite')).toEqual([422, 'Emails is required']);
	});
});

describe('teams', () => {
	test('getTeams, with courses on records=course', async () => {
		expect(await ok('getTeams')).toEqual([
			{ id: 'team-sales', name: 'Sales' },
			{ id: 'team-advanced', name: 'Advanced Cohort' },
		]);
		expect(await ok('getTeams', { records: 'course' })).toEqual([
			// Integer course ids, as the reference shows them inside teams.
			{ id: 'team-sales', name: 'Sales', courses: [{ id: 1, name: 'Onboarding' }] },
			{ id: 'team-advanced', name: 'Advanced Cohort', courses: [{ id: 2, name: 'Advanced Automation' }] },
		]);
	});

	test('addLearnersToTeams shows in learners with_teams and in course progress; removeLearnersFromTeams undoes it', async () => {
		const teamsOf = async (email: string) => (await ok('learners', { email, with_teams: true }))[0].teams;
		expect(await ok('addLearnersToTeams', { teams: ['team-advanced', 'team-sales'], learners: ['alan@example.com'] })).toBeUndefined();
		expect(await teamsOf('alan@example.com')).toEqual([
			{ id: 'team-sales', name: 'Sales' },
			{ id: 'team-advanced', name: 'Advanced Cohort' },
		]);
		const [{ learners }] = await ok('learnersProgressByCourse', { course_id: ADVANCED_COURSE_ID, course_slug: 'advanced-automation', show_not_started_learners: true });
		expect(learners.find((row: { email: string }) => row.email === 'alan@example.com').teams).toEqual(['Advanced Cohort']);

		await ok('removeLearnersFromTeams', { learners: [{ email: 'alan@example.com', teams: ['team-advanced'] }] });
		expect(await teamsOf('alan@example.com')).toEqual([{ id: 'team-sales', name: 'Sales' }]);
	});

	test('addLearnersToTeams invites unknown emails only with send_invites', async () => {
		await ok('addLearnersToTeams', { teams: ['team-sales'], learners: ['stranger@example.com'] });
		expect((await ok('checkLearnerInvite', { emails: ['stranger@example.com'] }))['stranger@example.com'].is_found).toBe(false);
		await ok('addLearnersToTeams', { teams: ['team-sales'], learners: ['stranger@example.com'], send_invites: true });
		expect((await ok('checkLearnerInvite', { emails: ['stranger@example.com'] }))['stranger@example.com'].is_found).toBe(true);
		fake.acceptInvite('stranger@example.com');
		expect((await ok('learners', { email: 'stranger@example.com', with_teams: true }))[0].teams).toEqual([{ id: 'team-sales', name: 'Sales' }]);
	});

	test('team actions validate before changing anything', async () => {
		expect(await failure('addLearnersToTeams', { teams: ['team-nope'], learners: ['ada@example.com'] })).toEqual([422, 'Team team-nope not found']);
		expect(await failure('addLearnersToTeams', { teams: ['team-sales'], learners: ['not-an-email'] })).toEqual([422, 'not-an-email is not a valid email']);
		expect(await failure('removeLearnersFromTeams', { learners: [{ email: 'ada@example.com' }] })).toEqual([422, 'Learners 0: Teams is required']);
		expect(await failure('getTeams', { records: 'learners' })).toEqual([422, 'Records must be course']);
	});
});

describe('access, deletion and login links', () => {
	test('revokeLearnersAccess hides the learner and blocks login links; returnLearnersAccess undoes both', async () => {
		expect(await ok('revokeLearnersAccess', { learners: ['grace@example.com', 'unknown@example.com'] })).toBeUndefined();
		expect(emails(await ok('learners'))).not.toContain('grace@example.com');
		expect(emails(await ok('learnersWithScore', { score: 50 }))).toEqual([]);
		expect(await failure('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email: 'grace@example.com' })).toEqual([403, 'Learner access is revoked']);
		expect(await failure('courseProgress', { email: 'grace@example.com' })).toEqual([404, 'Learner not found']);
		// Progress is kept.
		expect((await ok('academies'))[0].learners_amount).toBe(6);

		expect(await ok('returnLearnersAccess', { learners: ['grace@example.com'] })).toBeUndefined();
		expect(emails(await ok('learnersWithScore', { score: 50 }))).toEqual(['grace@example.com']);
		expect((await ok('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email: 'grace@example.com' })).link).toMatch(/^https:/);
	});

	test('deleteLearners by email and id; the learners are gone from every list; soft deletion keeps them aside', async () => {
		expect(await ok('deleteLearners', { emails: ['joao@example.com', 'nobody@example.com'], ids: ['L-katherine@example.com'] })).toEqual({ deleted: 2 });
		expect(emails(await ok('learners'))).toEqual(['ada@example.com', 'grace@example.com', 'alan@example.com', 'olena@example.com']);
		expect(await ok('passiveLearners')).toEqual([]);
		expect((await ok('academies'))[0].learners_amount).toBe(4);
		expect(fake.state.deletedLearners.map((learner) => learner.email)).toEqual(['katherine@example.com', 'joao@example.com']);

		expect(await ok('deleteLearners', { emails: ['alan@example.com'], is_permanently_delete: true })).toEqual({ deleted: 1 });
		expect(fake.state.deletedLearners).toHaveLength(2);
		expect(await ok('deleteLearners', { emails: ['alan@example.com'] })).toEqual({ deleted: 0 });
		expect(await failure('deleteLearners')).toEqual([422, 'Emails or ids are required']);
	});

	test('createLoginToken: a one-off link; opening it signs a new learner up with the link’s teams, once', async () => {
		const { link } = await ok('createLoginToken', {
			academy_id: DEMO_ACADEMY_ID,
			email: 'newcomer@example.com',
			first_name: 'New',
			last_name: 'Comer',
			teams: ['team-sales'],
		});
		expect(link).toMatch(/^https:\/\/demo\.academyocean\.com\/auth\/token\/[\w-]{30,}$/);
		expect(emails(await ok('learners'))).not.toContain('newcomer@example.com');
		fake.openLoginLink(link);
		const [newcomer] = await ok('learners', { email: 'newcomer@example.com', with_teams: true });
		expect(newcomer).toMatchObject({ name: 'New Comer', teams: [{ id: 'team-sales', name: 'Sales' }] });
		expect(() => fake.openLoginLink(link)).toThrow('already used');

		const again = await ok('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email: 'ada@example.com' });
		expect(again.link).not.toBe(link);
		fake.openLoginLink(again.link);
		expect((await ok('learnersRepeatedLogIns'))[0]).toMatchObject({ email: 'ada@example.com', log_ins_amount: 6 });
	});

	test.each<[string, Record<string, unknown>, string]>([
		['nothing: the courses page', {}, '/courses'],
		['a course by slug', { course: 'onboarding' }, '/course/onboarding'],
		['a lesson of a course', { course: 'onboarding', lesson: 'second-lesson' }, '/course/onboarding/lesson/second-lesson'],
		['a quiz of a course', { course: 'onboarding', quiz: 'final-quiz' }, '/course/onboarding/quiz/final-quiz'],
		['a course by API id', { course_id: ADVANCED_COURSE_ID }, '/course/advanced-automation'],
		['content by API ids', { course_id: ONBOARDING_COURSE_ID, content_id: `${ONBOARDING_COURSE_ID}-Q1` }, '/course/onboarding/quiz/final-quiz'],
	])('createLoginToken redirects to %s', async (_name, options, redirect) => {
		await ok('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email: 'ada@example.com', ...options });
		expect(fake.state.loginLinks[0].redirect).toBe(redirect);
	});

	test.each<[string, Record<string, unknown>, number, string]>([
		['no academy', { academy_id: undefined }, 422, 'Academy id is required'],
		['an unknown academy', { academy_id: 'nope' }, 404, 'Academy not found'],
		['no email', { email: undefined }, 422, 'Email is required'],
		['a malformed email', { email: 'ada' }, 422, 'ada is not a valid email'],
		['course with course_id', { course: 'onboarding', course_id: ONBOARDING_COURSE_ID }, 422, 'Use either course/lesson/quiz or course_id/content_id, not both'],
		['lesson with content_id', { lesson: 'first-lesson', content_id: 'x' }, 422, 'Use either course/lesson/quiz or course_id/content_id, not both'],
		['a lesson without its course', { lesson: 'first-lesson' }, 422, 'Course is required with lesson or quiz'],
		['content_id without course_id', { content_id: `${ONBOARDING_COURSE_ID}-L1` }, 422, 'Course id is required with content id'],
		['an unknown course', { course: 'nope' }, 404, 'Course not found'],
		['a quiz slug given as lesson', { course: 'onboarding', lesson: 'final-quiz' }, 404, 'Lesson not found in course onboarding'],
		['an unknown team', { teams: ['team-nope'] }, 422, 'Team team-nope not found'],
		['a stranger when privacy mode counts', { email: 'stranger@example.com', ignore_academy_privacy_mode: false }, 403, 'The academy is private and this email has no invite'],
	])('createLoginToken refuses %s', async (_name, options, status, message) => {
		expect(await failure('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email: 'ada@example.com', ...options })).toEqual([status, message]);
		expect(fake.state.loginLinks).toHaveLength(0);
	});

	test('createLoginToken in privacy mode still lets in learners and invitees', async () => {
		for (const email of ['ada@example.com', 'pending@example.com']) {
			await ok('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email, ignore_academy_privacy_mode: false });
		}
		await ok('createLoginToken', { academy_id: DEMO_ACADEMY_ID, email: 'stranger@example.com' });
		expect(fake.state.loginLinks).toHaveLength(3);
	});
});

describe('lesson variables', () => {
	test('setLessonVariables then getLearnerVariable; defaults, Number variables, unknown names and learners', async () => {
		expect(
			await ok('setLessonVariables', {
				academy_id: DEMO_ACADEMY_ID,
				records: {
					'olena@example.com': [{ key: 'cohort_name', value: 'Spring 2026', type: 0 }],
					'ada@example.com': [
						{ key: 'seats', value: '12' },
						{ key: 'mentor_count', value: '3', type: 2, default_value: '0' },
					],
				},
			}),
		).toBeUndefined();
		expect(
			await ok('getLearnerVariable', {
				records: {
					'olena@example.com': ['cohort_name', 'favourite_language'],
					'ada@example.com': ['favourite_language', 'onboarding_buddy', 'seats', 'mentor_count', 'unknown_one'],
					'grace@example.com': ['mentor_count'],
					'nobody@example.com': ['cohort_name'],
				},
			}),
		).toEqual({
			'olena@example.com': { cohort_name: 'Spring 2026', favourite_language: null },
			'ada@example.com': { favourite_language: 'Analytical Engine', onboarding_buddy: 'Ada Lovelace', seats: 12, mentor_count: 3 },
			'grace@example.com': { mentor_count: 0 },
			'nobody@example.com': [],
		});
		expect(fake.state.variables.mentor_count).toEqual({ type: 2, default_value: '0' });
	});

	test('is_invite_learner_if_not_found invites the email and hands the values over on sign-up', async () => {
		const options = { academy_id: DEMO_ACADEMY_ID, records: { 'future@example.com': [{ key: 'cohort_name', value: 'Autumn' }] } };
		expect(await failure('setLessonVariables', options)).toEqual([404, 'Learner future@example.com not found']);
		await ok('setLessonVariables', { ...options, is_invite_learner_if_not_found: true });
		expect((await ok('checkLearnerInvite', { emails: ['future@example.com'] }))['future@example.com'].is_found).toBe(true);
		expect(await ok('getLearnerVariable', { records: { 'future@example.com': ['cohort_name'] } })).toEqual({ 'future@example.com': [] });
		fake.acceptInvite('future@example.com');
		expect(await ok('getLearnerVariable', { records: { 'future@example.com': ['cohort_name'] } })).toEqual({ 'future@example.com': { cohort_name: 'Autumn' } });
	});

	test.each<[string, Record<string, unknown>, string]>([
		['a key that is not snake_case', { key: 'Cohort Name', value: 'x' }, 'Records ada@example.com 0: Key must be in a snake case'],
		['no value', { key: 'cohort_name' }, 'Records ada@example.com 0: Value is required'],
		['a type out of range', { key: 'cohort_name', value: 'x', type: 7 }, 'Records ada@example.com 0: Type may not be greater than 4'],
		['text for a Number variable', { key: 'seats', value: 'many' }, 'Records ada@example.com 0: Value of seats must be a number'],
	])('setLessonVariables refuses %s and sets nothing', async (_name, record, message) => {
		const records = { 'grace@example.com': [{ key: 'first_one', value: 'set?' }], 'ada@example.com': [record] };
		expect(await failure('setLessonVariables', { academy_id: DEMO_ACADEMY_ID, records })).toEqual([422, message]);
		expect(fake.state.variables.first_one).toBeUndefined();
	});

	test('setLessonVariables and getLearnerVariable need their fields', async () => {
		expect(await failure('setLessonVariables', { records: { 'ada@example.com': [{ key: 'a', value: 'b' }] } })).toEqual([422, 'Academy id is required']);
		expect(await failure('setLessonVariables', { academy_id: DEMO_ACADEMY_ID })).toEqual([422, 'Records is required']);
		expect(await failure('getLearnerVariable', { records: { 'not-an-email': ['a'] } })).toEqual([422, 'not-an-email is not a valid email']);
	});
});

describe('quizzes', () => {
	const STAT_FIELDS = [
		'name',
		'score',
		'passing_score',
		'is_passed',
		'spent_time',
		'spent_time_seconds',
		'pass_date',
		'pass_time',
		'is_timer_on',
		'is_expired',
		'is_manual_approve_on',
		'globalComment',
		'pass_percent',
		'questions',
	];

	test('getLearnersQuizStatistic: keyed by email and quiz id, with questions and answers', async () => {
		const statistics = await ok('getLearnersQuizStatistic', {
			records: {
				'ada@example.com': [FINAL_QUIZ, AUTOMATION_QUIZ, 'unknown-quiz'],
				'grace@example.com': [FINAL_QUIZ],
				'katherine@example.com': [FINAL_QUIZ],
			},
		});
		expect(Object.keys(statistics)).toEqual(['ada@example.com', 'grace@example.com', 'katherine@example.com']);
		expect(Object.keys(statistics['ada@example.com'])).toEqual([FINAL_QUIZ, AUTOMATION_QUIZ]);
		expect(statistics['katherine@example.com']).toEqual([]);
		const final = statistics['ada@example.com'][FINAL_QUIZ];
		expect(Object.keys(final)).toEqual(STAT_FIELDS);
		expect(final).toMatchObject({
			name: 'Final quiz',
			score: 5,
			passing_score: 4,
			is_passed: true,
			spent_time: '00:01:30',
			spent_time_seconds: 90,
			pass_date: '02/01/2026',
			pass_time: '09:55 AM',
			is_timer_on: false,
			is_expired: false,
			is_manual_approve_on: false,
			globalComment: null,
			pass_percent: 100,
		});
		expect(final.questions).toHaveLength(5);
		expect(final.questions[0]).toEqual({
			id: 'fqq1',
			name: 'Question 1',
			number: 1,
			type: 'radio',
			isHasImage: false,
			imageUrl: '',
			is_passed: true,
			isExpired: false,
			checkerComment: '',
			time_spent: '00:00:18',
			answers: { selected: [{ answer: 'The right answer', is_right: true, isHasImage: false, imageUrl: '' }], missed: [] },
		});
		const grace = statistics['grace@example.com'][FINAL_QUIZ];
		expect(grace).toMatchObject({ score: 4, is_passed: true, pass_percent: 80 });
		expect(grace.questions[4]).toMatchObject({
			is_passed: false,
			answers: {
				selected: [{ answer: 'A plausible mistake', is_right: false, isHasImage: false, imageUrl: '' }],
				missed: [{ answer: 'The right answer', is_right: true, isHasImage: false, imageUrl: '' }],
			},
		});
		expect(statistics['ada@example.com'][AUTOMATION_QUIZ]).toMatchObject({ is_timer_on: true, is_expired: false, is_manual_approve_on: true, pass_percent: 75 });
	});

	test('addLearnerQuizAttempts grants attempts to active learners of known quizzes', async () => {
		await ok('addLearnerQuizAttempts', { quiz_id: FINAL_QUIZ, email: 'grace@example.com' });
		await ok('addLearnerQuizAttempts', { quiz_id: FINAL_QUIZ, email: 'Grace@Example.com' });
		expect(fake.state.quizzes[0].extra_attempts).toEqual({ 'grace@example.com': 2 });
		expect(await failure('addLearnerQuizAttempts', { quiz_id: 'nope', email: 'grace@example.com' })).toEqual([404, 'Quiz not found']);
		expect(await failure('addLearnerQuizAttempts', { quiz_id: FINAL_QUIZ, email: 'nobody@example.com' })).toEqual([404, 'Learner not found']);
		expect(await failure('addLearnerQuizAttempts', { email: 'grace@example.com' })).toEqual([422, 'Quiz id is required']);
	});
});

test('academies: the reference fields', async () => {
	expect(await ok('academies')).toEqual([
		{
			id: DEMO_ACADEMY_ID,
			name: 'Demo Academy',
			slug: 'demo',
			is_cname_enabled: false,
			cname_domain: null,
			is_private: true,
			is_published: true,
			learners_amount: 6,
			created_at: '2025-06-01T10:00:00+00:00',
			content_amount: 2,
			access_request_amount: 1,
		},
	]);
});

describe('faults', () => {
	test('throttled: 429 with Retry-After and rate-limit headers, then answers again', async () => {
		fake.failApi(throttled(3));
		const limited = await api('academies');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('3');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(limited.body).toEqual({ error: { message: 'Too Many Attempts.' } });
		expect((await api('academies')).status).toBe(200);
	});

	test('serverError and an error carried by a 200', async () => {
		fake.failApi(serverError(), 2);
		expect((await api('academies')).status).toBe(500);
		expect((await api('academies')).status).toBe(500);
		fake.failApi(apiError('Email is required', 200));
		expect(await api('certificates', { email: 'ada@example.com' })).toMatchObject({ status: 200, body: { error: { message: 'Email is required' } } });
		expect((await api('academies')).status).toBe(200);
	});

	test('slow answers come late, dropped connections get no answer', async () => {
		await accessToken().then((token) => (cachedToken = token));
		fake.failApi(slow(300));
		const started = Date.now();
		expect((await api('academies')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		fake.failApi(dropped());
		await expect(api('academies')).rejects.toThrow();
		expect((await api('academies')).status).toBe(200);
	});

	test('failToken faults only the token endpoint', async () => {
		cachedToken = await accessToken();
		fake.failToken(serverError(503));
		expect((await post(TOKEN_PATH, tokenForm())).status).toBe(503);
		expect((await api('academies')).status).toBe(200);
		expect((await post(TOKEN_PATH, tokenForm())).status).toBe(200);
	});
});
