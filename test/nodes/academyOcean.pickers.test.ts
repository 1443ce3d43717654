import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { AcademyOceanOAuth2Api } from '../../credentials/AcademyOceanOAuth2Api.credentials';
import { forgetListedRecords } from '../../nodes/AcademyOcean/methods/listRequest';
import { AcademyOcean } from '../../nodes/AcademyOcean/AcademyOcean.node';
import type { FakeAcademyOcean } from '../fakes/academyOcean.ts';
import { API_PATH, apiError, largeAcademy } from '../fakes/academyOcean.ts';
import {
	ACADEMY_ID,
	ADVANCED_COURSE_ID,
	AO_CLIENT_ID,
	AO_CLIENT_SECRET,
	ONBOARDING_COURSE_ID,
	startFakeAcademyOcean,
} from '../harness/academyOceanFixture.ts';
import { Engine } from '../harness/engine.ts';
import { Pickers } from '../harness/loadOptions.ts';

const nodeType = new AcademyOcean();
const engine = new Engine({ nodeTypes: { academyOcean: nodeType }, credentialTypes: [new AcademyOceanOAuth2Api()] });
const pickers = new Pickers(engine);

let fake: FakeAcademyOcean;

beforeEach(async () => {
	forgetListedRecords();
	fake = await startFakeAcademyOcean();
});

afterEach(async () => {
	await fake.stop();
});

const credential = () =>
	engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, baseUrl: fake.url });

async function run(typeVersion: number, resource: string, operation: string, parameters: INodeParameters, continueOnFail = false) {
	return await engine.run({
		type: 'academyOcean',
		typeVersion,
		parameters: { resource, operation, ...parameters },
		credentials: { academyOceanOAuth2Api: credential() },
		continueOnFail,
	});
}

/** A picker's value as the editor saves it. */
const picked = (mode: string, value: string) => ({ __rl: true, mode, value });

const apiBodies = () => fake.server.requests.filter((request) => request.path === API_PATH).map((request) => request.body);

interface ParityCase {
	resource: string;
	operation: string;
	/** How a version-1 workflow saved the fields (plain text). */
	version1: INodeParameters;
	/** The same record picked in version 2. */
	version2: INodeParameters;
	/** What the API must receive, parsed. */
	options: IDataObject;
}

const sendsTheSame: Record<string, ParityCase> = {
	'Learner > Create Login Link, course by slug': {
		resource: 'learner',
		operation: 'createLoginLink',
		version1: { academyId: ACADEMY_ID, email: 'ada@example.com', redirectTo: 'courseBySlug', courseSlug: 'onboarding', options: { teams: 'team-sales' } },
		version2: {
			academyId: picked('list', ACADEMY_ID),
			email: picked('list', 'ada@example.com'),
			redirectTo: 'courseBySlug',
			courseSlug: picked('list', 'onboarding'),
			options: { teams: ['team-sales'] },
		},
		options: { academy_id: ACADEMY_ID, email: 'ada@example.com', teams: { 0: 'team-sales' }, course: 'onboarding' },
	},
	'Learner > Create Login Link, course by a pasted URL': {
		resource: 'learner',
		operation: 'createLoginLink',
		version1: { academyId: ACADEMY_ID, email: 'ada@example.com', redirectTo: 'courseBySlug', courseSlug: 'advanced-automation' },
		version2: {
			academyId: picked('id', ACADEMY_ID),
			email: picked('email', 'ada@example.com'),
			redirectTo: 'courseBySlug',
			courseSlug: picked('url', 'https://demo.academyocean.com/course/advanced-automation/open'),
		},
		options: { academy_id: ACADEMY_ID, email: 'ada@example.com', course: 'advanced-automation' },
	},
	'Learner > Create Login Link, course by ID': {
		resource: 'learner',
		operation: 'createLoginLink',
		version1: { academyId: ACADEMY_ID, email: 'ada@example.com', redirectTo: 'courseById', courseId: ADVANCED_COURSE_ID },
		version2: {
			academyId: picked('list', ACADEMY_ID),
			email: picked('list', 'ada@example.com'),
			redirectTo: 'courseById',
			courseId: picked('list', ADVANCED_COURSE_ID),
		},
		options: { academy_id: ACADEMY_ID, email: 'ada@example.com', course_id: ADVANCED_COURSE_ID },
	},
	'Course > Get Completions, picked from the list': {
		resource: 'course',
		operation: 'getCompletions',
		version1: { courseId: ONBOARDING_COURSE_ID },
		version2: { courseId: picked('list', ONBOARDING_COURSE_ID) },
		options: { course_id: ONBOARDING_COURSE_ID },
	},
	'Course > Get Completions, by slug': {
		resource: 'course',
		operation: 'getCompletions',
		version1: { courseId: 'onboarding' },
		version2: { courseId: picked('slug', 'onboarding') },
		options: { course_id: 'onboarding' },
	},
	'Course > Get Completions, by URL': {
		resource: 'course',
		operation: 'getCompletions',
		version1: { courseId: 'onboarding' },
		version2: { courseId: picked('url', 'https://demo.academyocean.com/course/onboarding/open?ref=mail') },
		options: { course_id: 'onboarding' },
	},
	'Course > Get Churn at Content': {
		resource: 'course',
		operation: 'getChurn',
		version1: { courseId: ADVANCED_COURSE_ID, contentId: 'second-lesson' },
		version2: { courseId: picked('id', ADVANCED_COURSE_ID), contentId: 'second-lesson' },
		options: { course_id: ADVANCED_COURSE_ID, content_id: 'second-lesson' },
	},
	'Progress > Get for Course, picked from the list': {
		resource: 'progress',
		operation: 'getForCourse',
		version1: { identifyCourseBy: 'id', courseId: ONBOARDING_COURSE_ID, limit: 10 },
		version2: { course: picked('list', ONBOARDING_COURSE_ID), limit: 10 },
		options: { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', page: '1', amount: '10' },
	},
	'Progress > Get for Course, by URL': {
		resource: 'progress',
		operation: 'getForCourse',
		version1: { identifyCourseBy: 'slug', courseSlug: 'onboarding', limit: 10 },
		version2: { course: picked('url', 'https://demo.academyocean.com/course/onboarding/open'), limit: 10 },
		options: { course_id: ONBOARDING_COURSE_ID, course_slug: 'onboarding', page: '1', amount: '10' },
	},
	'Team > Add Learners, several teams': {
		resource: 'team',
		operation: 'addLearners',
		version1: { teams: 'team-sales, team-advanced', learners: 'grace@example.com' },
		version2: { teams: ['team-sales', 'team-advanced'], learners: 'grace@example.com' },
		options: { teams: { 0: 'team-sales', 1: 'team-advanced' }, learners: { 0: 'grace@example.com' } },
	},
	'Team > Remove Learners': {
		resource: 'team',
		operation: 'removeLearners',
		version1: { removals: { removal: [{ email: 'ada@example.com', teams: 'team-sales' }] } },
		version2: { removals: { removal: [{ email: 'ada@example.com', teams: ['team-sales'] }] } },
		options: { learners: { 0: { email: 'ada@example.com', teams: { 0: 'team-sales' } } } },
	},
	'Invite > Create, into teams': {
		resource: 'invite',
		operation: 'create',
		version1: { invitees: { invitee: [{ email: 'new@example.com', name: 'New One', type: 'learner', teams: 'team-sales,team-advanced' }] } },
		version2: { invitees: { invitee: [{ email: 'new@example.com', name: 'New One', type: 'learner', teams: ['team-sales', 'team-advanced'] }] } },
		options: { learners: { 0: { email: 'new@example.com', name: 'New One', type: 'learner', teams: { 0: 'team-sales', 1: 'team-advanced' } } } },
	},
	'Variable > Set': {
		resource: 'variable',
		operation: 'set',
		version1: { academyId: ACADEMY_ID, variables: { variable: [{ email: 'ada@example.com', key: 'cohort_name', value: 'Spring' }] } },
		version2: {
			academyId: picked('list', ACADEMY_ID),
			variables: { variable: [{ email: 'ada@example.com', key: 'cohort_name', value: 'Spring' }] },
		},
		options: { academy_id: ACADEMY_ID, records: { 'ada@example.com': { 0: { key: 'cohort_name', value: 'Spring' } } } },
	},
	'Certificate > Get Many': {
		resource: 'certificate',
		operation: 'getAll',
		version1: { email: 'ada@example.com' },
		version2: { email: picked('list', 'ada@example.com') },
		options: { email: 'ada@example.com' },
	},
	'Progress > Get for Learner': {
		resource: 'progress',
		operation: 'getForLearner',
		version1: { email: 'grace@example.com' },
		version2: { email: picked('email', 'grace@example.com') },
		options: { email: 'grace@example.com' },
	},
	'Quiz > Add Attempt': {
		resource: 'quiz',
		operation: 'addAttempt',
		version1: { quizId: `${ONBOARDING_COURSE_ID}-Q1`, email: 'ada@example.com' },
		version2: { quizId: `${ONBOARDING_COURSE_ID}-Q1`, email: picked('list', 'ada@example.com') },
		options: { quiz_id: `${ONBOARDING_COURSE_ID}-Q1`, email: 'ada@example.com' },
	},
	'Learner > Get Many From Country': {
		resource: 'learner',
		operation: 'getAllFromCountry',
		version1: { countryIsoCode: 'de' },
		version2: { countryIsoCode: picked('list', 'DE') },
		options: { country_iso_code: 'DE' },
	},
	'Country Report > Get Learner Counts, one country': {
		resource: 'country',
		operation: 'getLearnerCounts',
		version1: { countryIsoCode: 'GB' },
		version2: { countryIsoCode: picked('code', 'gb') },
		options: { country_iso_code: 'GB' },
	},
	'Country Report > Get Learner Counts, every country': {
		resource: 'country',
		operation: 'getLearnerCounts',
		version1: {},
		version2: { countryIsoCode: picked('list', '') },
		options: {},
	},
};

describe('version 2 pickers send what version 1 text fields sent', () => {
	test.each(Object.keys(sendsTheSame))('%s', async (name) => {
		const { resource, operation, version1, version2, options } = sendsTheSame[name];
		const first = await run(1, resource, operation, version1);
		expect(first.error).toBeUndefined();
		const second = await run(2, resource, operation, version2);
		expect(second.error).toBeUndefined();
		// Each run sends the same requests (Progress > Get for Course looks its course up first).
		const bodies = apiBodies();
		expect(bodies.length % 2).toBe(0);
		expect(bodies.slice(bodies.length / 2)).toEqual(bodies.slice(0, bodies.length / 2));
		expect(fake.lastCall?.options).toEqual(options);
		// Login links are one-off tokens, and an email is invited once: the same fields, other values.
		const changesState = ['createLoginLink', 'create'].includes(operation);
		const shape = (items: typeof first.items) => items.map((item) => (changesState ? Object.keys(item.json) : item.json));
		expect(shape(second.items)).toEqual(shape(first.items));
	});
});

describe('fields say what they take', () => {
	test.each([
		[1, { courseId: 'Advanced Automation' }],
		// An expression is not checked by the editor: the node checks what it gives.
		[2, { courseId: picked('id', '={{ "Advanced Automation" }}') }],
		[2, { courseId: picked('list', '={{ "Advanced Automation" }}') }],
	])('a course name given as Course (version %i) is refused before anything is sent', async (version, parameters) => {
		const result = await run(version, 'course', 'getCompletions', parameters);
		expect(result.error?.message).toBe(
			'"Course" takes a course ID (e.g. NVpz0PmrkjrkOQW9d1Kx), its URL slug (e.g. onboarding) or its URL, not a course name: "Advanced Automation"',
		);
		expect(result.error?.description).toMatch(/From List/);
		expect(apiBodies()).toEqual([]);
	});

	test.each([
		['id', 'Advanced Automation', "Not a course ID: use the letters and digits from the course settings, field 'API, Course ID', or pick the course From List"],
		['slug', 'Advanced Automation', 'Not a course slug: use the part after /course/ in the course URL (no spaces), or pick the course From List'],
		['url', 'onboarding', 'Not a course URL: paste the address of the course, https://<academy>/course/<slug>/…'],
	])('n8n refuses to run a course typed By %s that does not have the shape, with the picker\'s hint', async (mode, value, hint) => {
		await expect(run(2, 'course', 'getCompletions', { courseId: picked(mode, value) })).rejects.toThrow(hint);
		expect(apiBodies()).toEqual([]);
	});

	test.each([1, 2])('a slug no course has gets "Course not found" with what the field takes (version %i)', async (version) => {
		const parameters = version === 1 ? { courseId: 'Onboarding-Course' } : { courseId: picked('slug', 'Onboarding-Course') };
		const result = await run(version, 'course', 'getCompletions', parameters);
		expect(result.error?.message).toBe(
			'AcademyOcean: Course not found. "Course" takes a course ID (e.g. NVpz0PmrkjrkOQW9d1Kx), its URL slug (e.g. onboarding) or its URL, and no course of this academy has "Onboarding-Course": pick the course From List',
		);
	});

	test('with Continue On Fail the error item carries the same hint, paired with its item', async () => {
		const result = await run(2, 'progress', 'getForCourse', { course: picked('slug', 'nope'), limit: 5 }, true);
		expect(result.items).toHaveLength(1);
		// The course is looked up before the progress request (both identifiers are required), so the lookup says it.
		expect(result.items[0].json.error).toMatch(
			/^"Course" is "nope", which is not a course of this academy\. "Course" takes a course ID .* no course of this academy has "nope": pick the course From List$/,
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('an academy name is refused, saying where IDs come from', async () => {
		const variables = { variable: [{ email: 'ada@example.com', key: 'cohort_name', value: 'x' }] };
		await expect(run(2, 'variable', 'set', { academyId: picked('id', 'Demo Academy'), variables })).rejects.toThrow(
			'Not an academy ID: use the ID that Academy > Get Many returns (letters and digits), or pick the academy From List',
		);
		const result = await run(2, 'variable', 'set', { academyId: picked('id', '={{ "Demo Academy" }}'), variables });
		expect(result.error?.message).toBe('"Academy" is not an academy ID: "Demo Academy"');
		expect(result.error?.description).toMatch(/From List.*Academy > Get Many/);
		expect(apiBodies()).toEqual([]);
	});

	test('a URL that is not a course URL, and a group URL where only a slug works, are refused', async () => {
		const notCourse = await run(2, 'course', 'getCompletions', { courseId: picked('url', '={{ "https://demo.academyocean.com/profile" }}') });
		expect(notCourse.error?.message).toBe('"Course" is not a course URL: "https://demo.academyocean.com/profile"');
		const group = await run(2, 'learner', 'createLoginLink', {
			academyId: picked('list', ACADEMY_ID),
			email: picked('list', 'ada@example.com'),
			redirectTo: 'courseBySlug',
			courseSlug: picked('url', 'https://demo.academyocean.com/group/gR9eYq5oE6wm3NAPmwxG/open'),
		});
		expect(group.error?.message).toBe('"Course" is a group\'s URL, and a group has no slug: "gR9eYq5oE6wm3NAPmwxG"');
		expect(apiBodies()).toEqual([]);
	});

	test('a group URL in a course field that takes IDs sends the group ID', async () => {
		const result = await run(2, 'progress', 'getForCourse', {
			course: picked('url', `https://demo.academyocean.com/group/${ADVANCED_COURSE_ID}/open`),
			limit: 5,
		});
		expect(result.error).toBeUndefined();
		expect(fake.lastCall?.options).toMatchObject({ course_id: ADVANCED_COURSE_ID });
	});

	test('an empty picker is a parameter issue, and an expression that gives nothing names the field', async () => {
		await expect(run(2, 'learner', 'createLoginLink', { academyId: picked('list', ''), email: picked('list', 'ada@example.com') })).rejects.toThrow(
			'Parameter "Academy" is required.',
		);
		const result = await run(2, 'learner', 'createLoginLink', { academyId: picked('list', '={{ "" }}'), email: picked('list', 'ada@example.com') });
		expect(result.error?.message).toBe('"Academy" is required');
	});
});

describe('pickers list the academy’s records', () => {
	let credentials: { academyOceanOAuth2Api: ReturnType<typeof credential> };
	beforeEach(() => {
		credentials = { academyOceanOAuth2Api: credential() };
	});
	const node = (parameters: INodeParameters = { resource: 'course', operation: 'getCompletions' }) => ({
		type: 'academyOcean',
		typeVersion: 2,
		parameters,
		credentials,
	});

	test('academies, filtered by the typed text', async () => {
		expect(await pickers.search(node(), 'searchAcademies')).toEqual({ results: [{ name: 'Demo Academy', value: ACADEMY_ID }] });
		expect((await pickers.search(node(), 'searchAcademies', 'DEMO')).results).toHaveLength(1);
		expect((await pickers.search(node(), 'searchAcademies', 'nothing like it')).results).toEqual([]);
	});

	test('courses by ID with their URL, and by slug', async () => {
		expect((await pickers.search(node(), 'searchCourses')).results).toEqual([
			{ name: 'Onboarding', value: ONBOARDING_COURSE_ID, url: 'https://demo.academyocean.com/course/onboarding/open' },
			{
				// A group of courses is marked as such (the API's is_in_group).
				name: `Advanced Automation ${'(group)'}`,
				value: ADVANCED_COURSE_ID,
				url: 'https://demo.academyocean.com/course/advanced-automation/open',
			},
		]);
		expect((await pickers.search(node(), 'searchCourses', 'autom')).results.map((item) => item.value)).toEqual([ADVANCED_COURSE_ID]);
		expect((await pickers.search(node(), 'searchCourseSlugs', 'onb')).results.map((item) => item.value)).toEqual(['onboarding']);
	});

	test('teams for the multi-selects, by name, with their IDs as values', async () => {
		expect(await pickers.options(node(), 'getTeams')).toEqual([
			{ name: 'Advanced Cohort', value: 'team-advanced', description: 'ID team-advanced' },
			{ name: 'Sales', value: 'team-sales', description: 'ID team-sales' },
		]);
	});

	test('countries that have learners', async () => {
		const { results } = await pickers.search(node(), 'searchCountries', 'germ');
		expect(results).toEqual([{ name: 'Germany (DE)', value: 'DE' }]);
	});

	test('learners page by 100 and filter by name or email; a full email is asked of the API', async () => {
		fake.state = largeAcademy(250);
		const first = await pickers.search(node(), 'searchLearners');
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await pickers.search(node(), 'searchLearners', undefined, first.paginationToken);
		expect(second.results[0]).toEqual({ name: 'Learner 94 (learner94@example.com)', value: 'learner94@example.com' });
		const last = await pickers.search(node(), 'searchLearners', undefined, '200');
		expect(last.results).toHaveLength(56);
		expect(last.paginationToken).toBeUndefined();
		// Three pages, one request: the list is kept for a moment while the builder scrolls.
		expect(fake.callsOf('learners')).toHaveLength(1);

		const filtered = await pickers.search(node(), 'searchLearners', 'learner12');
		expect(filtered.results.map((item) => item.value)).toEqual([
			'learner12@example.com',
			...Array.from({ length: 10 }, (_, index) => `learner12${index}@example.com`),
		]);
		await pickers.search(node(), 'searchLearners', 'grace@example.com');
		expect(fake.callsOf('learners').at(-1)?.options).toEqual({ email: 'grace@example.com' });
	});

	test('an API error reaches the picker as AcademyOcean said it', async () => {
		fake.failApi(apiError('Server is busy', 200));
		await expect(pickers.search(node(), 'searchCourses')).rejects.toThrow('AcademyOcean: Server is busy');
	});
});

describe('the node description', () => {
	const description = nodeType.description;
	const methods = nodeType.methods;

	function shownIn(version: number, resource: string, operation: string): INodeProperties[] {
		const parameters = { resource, operation, identifyCourseBy: 'id' };
		const node = { typeVersion: version } as never;
		return description.properties.filter((property) => NodeHelpers.displayParameter(parameters, property, node, description));
	}

	const recordFields: Record<string, Array<[string, string, string]>> = {
		// [resource, operation, parameter]
		academy: [
			['learner', 'createLoginLink', 'academyId'],
			['variable', 'set', 'academyId'],
		],
		course: [
			['course', 'getCompletions', 'courseId'],
			['course', 'getChurn', 'courseId'],
			['progress', 'getForCourse', 'course'],
		],
		learner: [
			['certificate', 'getAll', 'email'],
			['progress', 'getForLearner', 'email'],
			['quiz', 'addAttempt', 'email'],
			['learner', 'createLoginLink', 'email'],
		],
		country: [
			['learner', 'getAllFromCountry', 'countryIsoCode'],
			['country', 'getLearnerCounts', 'countryIsoCode'],
		],
	};

	test.each(Object.entries(recordFields).flatMap(([record, fields]) => fields.map((field) => [record, ...field])))(
		'version 2 picks the %s of %s > %s (%s) From List first, version 1 keeps text',
		(_record, resource, operation, parameter) => {
			const picker = shownIn(2, resource, operation).find((property) => property.name === parameter);
			expect(picker?.type).toBe('resourceLocator');
			expect(picker?.default).toEqual({ mode: 'list', value: '' });
			const list = picker?.modes?.[0];
			expect(list?.name).toBe('list');
			expect(Object.keys(methods.listSearch)).toContain(list?.typeOptions?.searchListMethod);
			const version1Parameter = parameter === 'course' ? 'courseId' : parameter;
			const text = shownIn(1, resource, operation).find((property) => property.name === version1Parameter);
			expect(text?.type).toBe('string');
		},
	);

	test('fields that take several teams are multi-selects filled from the team list', () => {
		const teams = shownIn(2, 'team', 'addLearners').find((property) => property.name === 'teams');
		expect(teams).toMatchObject({ type: 'multiOptions', displayName: 'Team Names or IDs', typeOptions: { loadOptionsMethod: 'getTeams' } });
		const removals = shownIn(2, 'team', 'removeLearners').find((property) => property.name === 'removals');
		const values = (removals?.options?.[0] as { values: INodeProperties[] }).values;
		expect(values.find((value) => value.name === 'teams')).toMatchObject({ type: 'multiOptions', typeOptions: { loadOptionsMethod: 'getTeams' } });
		expect(shownIn(1, 'team', 'addLearners').find((property) => property.name === 'teams')?.type).toBe('string');
	});

	test('new nodes are version 2; saved version 1 nodes stay version 1', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	test('the subtitle is the operation and resource display names, for every operation', () => {
		const resources = description.properties.find((property) => property.name === 'resource')?.options as Array<{ name: string; value: string }>;
		const operations = description.properties.filter((property) => property.name === 'operation');
		let checked = 0;
		for (const resource of resources) {
			const selector = operations.find((property) => property.displayOptions?.show?.resource?.includes(resource.value));
			for (const option of selector?.options as Array<{ name: string; value: string }>) {
				const node = { id: 'n', name: 'AO', type: 'academyOcean', typeVersion: 2, position: [0, 0] as [number, number], parameters: { resource: resource.value, operation: option.value } };
				const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: engine.nodeTypes });
				expect(workflow.expression.getSimpleParameterValue(node, description.subtitle as string, 'internal', {})).toBe(`${option.name}: ${resource.name}`);
				checked += 1;
			}
		}
		expect(checked).toBe(28);
	});
});
