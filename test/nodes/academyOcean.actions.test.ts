import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AcademyOceanOAuth2Api } from '../../credentials/AcademyOceanOAuth2Api.credentials';
import { AcademyOcean } from '../../nodes/AcademyOcean/AcademyOcean.node';
import type { FakeAcademyOcean } from '../fakes/academyOcean.ts';
import { API_PATH } from '../fakes/academyOcean.ts';
import { Engine } from '../harness/engine.ts';
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

beforeEach(async () => {
	fake = await startFakeAcademyOcean();
});

afterEach(async () => {
	await fake.stop();
});

async function run(resource: string, operation: string, parameters: INodeParameters = {}, items?: IDataObject[]) {
	const credential = engine.credentials.add('academyOceanOAuth2Api', {
		clientId: AO_CLIENT_ID,
		clientSecret: AO_CLIENT_SECRET,
		baseUrl: fake.url,
	});
	return await engine.run(
		{
			type: 'academyOcean',
			parameters: { resource, operation, ...parameters },
			credentials: { academyOceanOAuth2Api: credential },
		},
		items,
	);
}

/**
 * The raw bodies sent to the API (the token request is not one of them). The fake is strict (no
 * leniency): it takes only what the reference documents and answers undocumented writes with an
 * empty body, so the outputs below are what the node makes of the documented answers.
 */
function apiBodies(): string[] {
	return fake.server.requests.filter((request) => request.path === API_PATH).map((request) => request.body);
}

interface ActionCase {
	resource: string;
	operation: string;
	parameters?: INodeParameters;
	/** The exact form body on the wire. */
	body: string;
	/** Bodies of lookups the node sends first (learnersProgressByCourse looks up the other course identifier). */
	before?: string[];
	/** What the output items must contain. */
	output: (items: IDataObject[]) => void;
}

const ada = 'ada%40example.com';
const grace = 'grace%40example.com';

const cases: Record<string, ActionCase> = {
	learners: {
		resource: 'learner',
		operation: 'getAll',
		parameters: { filters: { email: 'ada@example.com' }, options: { includeAcademy: true, includeTeams: true } },
		body: `action=learners&options%5Bwith_academy%5D=1&options%5Bwith_teams%5D=1&options%5Bemail%5D=${ada}`,
		output: (items) => {
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({
				email: 'ada@example.com',
				name: 'Ada Lovelace',
				academy: { id: ACADEMY_ID, name: 'Demo Academy' },
				teams: [{ id: 'team-sales', name: 'Sales' }],
			});
		},
	},
	courses: {
		resource: 'course',
		operation: 'getAll',
		body: 'action=courses',
		output: (items) => {
			expect(items.map((item) => item.id)).toEqual([ONBOARDING_COURSE_ID, ADVANCED_COURSE_ID]);
			expect(items[1]).toMatchObject({ slug: 'advanced-automation', is_in_group: true, is_scorm: false });
		},
	},
	certificates: {
		resource: 'certificate',
		operation: 'getAll',
		parameters: { email: 'ada@example.com' },
		body: `action=certificates&options%5Bemail%5D=${ada}`,
		output: (items) => {
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ course_name: 'Onboarding', issued_date: '2026-02-01T10:00:00+00:00' });
		},
	},
	learnersProgressByCourse: {
		resource: 'progress',
		operation: 'getForCourse',
		parameters: { identifyCourseBy: 'slug', courseSlug: 'onboarding', limit: 10, options: { showNotStarted: true } },
		// Both identifiers, as the reference marks both required: the course ID is looked up by slug.
		before: ['action=courses'],
		body: `action=learnersProgressByCourse&options%5Bcourse_id%5D=${ONBOARDING_COURSE_ID}&options%5Bcourse_slug%5D=onboarding&options%5Bshow_not_started_learners%5D=1&options%5Bpage%5D=1&options%5Bamount%5D=10`,
		output: (items) => {
			expect(items).toHaveLength(6);
			expect(items.find((item) => item.email === 'ada@example.com')).toMatchObject({ status: 'Completed', courseScore: 100 });
			expect(items.find((item) => item.email === 'joao@example.com')).toMatchObject({ status: 'Not started' });
		},
	},
	courseProgress: {
		resource: 'progress',
		operation: 'getForLearner',
		parameters: { email: 'grace@example.com', options: { includeTeams: true } },
		body: `action=courseProgress&options%5Bemail%5D=${grace}&options%5Bwith_teams%5D=1`,
		output: (items) => {
			expect(items.map((item) => item.course_id)).toEqual([ONBOARDING_COURSE_ID, ADVANCED_COURSE_ID]);
			expect(items[0]).toMatchObject({ progress: 100, lessons_amount: 3, teams: [] });
			expect((items[1].content_progress as IDataObject[])[0]).toMatchObject({ type: 'lesson', is_passed: true });
		},
	},
	learnersAmountFromCountries: {
		resource: 'country',
		operation: 'getLearnerCounts',
		body: 'action=learnersAmountFromCountries',
		output: (items) => {
			expect(items).toContainEqual({ country_iso_code: 'US', country: 'United States', amount: 2 });
			expect(items).toHaveLength(5);
		},
	},
	learnersFromCountry: {
		resource: 'learner',
		operation: 'getAllFromCountry',
		parameters: { countryIsoCode: 'us' },
		body: 'action=learnersFromCountry&options%5Bcountry_iso_code%5D=US',
		output: (items) => {
			expect(items.map((item) => item.email)).toEqual(['ada@example.com', 'katherine@example.com']);
		},
	},
	learnersWithScore: {
		resource: 'learner',
		operation: 'getAllByScore',
		parameters: { score: 50, operator: 'gte' },
		body: 'action=learnersWithScore&options%5Bscore%5D=50&options%5Boperator%5D=%3E%3D',
		output: (items) => {
			expect(items.map((item) => item.email)).toEqual(['ada@example.com', 'grace@example.com', 'olena@example.com']);
		},
	},
	learnersRegisteredAt: {
		resource: 'learner',
		operation: 'getAllRegistered',
		parameters: { filterBy: 'period', from: '2026-03-01T00:00:00', to: '2026-03-02T23:59:59' },
		body: 'action=learnersRegisteredAt&options%5Bdates%5D%5B0%5D=2026-03-01+00%3A00%3A00&options%5Bdates%5D%5B1%5D=2026-03-02+23%3A59%3A59',
		output: (items) => {
			expect(items.map((item) => item.email)).toEqual(['katherine@example.com', 'olena@example.com']);
		},
	},
	learnersCourseComplete: {
		resource: 'course',
		operation: 'getCompletions',
		parameters: { courseId: 'onboarding' },
		body: 'action=learnersCourseComplete&options%5Bcourse_id%5D=onboarding',
		output: (items) => {
			expect(items.map((item) => item.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Olena Kovalenko']);
			expect(items[0]).toMatchObject({ date_of_passing: '2026-02-01T10:00:00+00:00' });
		},
	},
	passiveLearners: {
		resource: 'learner',
		operation: 'getAllPassive',
		body: 'action=passiveLearners',
		output: (items) => {
			expect(items.map((item) => item.email)).toEqual(['katherine@example.com', 'joao@example.com']);
		},
	},
	inviteLearners: {
		resource: 'invite',
		operation: 'create',
		parameters: {
			invitees: {
				invitee: [
					{ email: 'new1@example.com', name: 'New One', type: 'learner', teams: 'team-sales, team-advanced' },
					{ email: 'boss@example.com', name: 'The Boss', type: 'manager', teams: '' },
				],
			},
			sendEmail: true,
		},
		body:
			'action=inviteLearners&options%5Blearners%5D%5B0%5D%5Bemail%5D=new1%40example.com&options%5Blearners%5D%5B0%5D%5Bname%5D=New+One' +
			'&options%5Blearners%5D%5B0%5D%5Btype%5D=learner&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B0%5D=team-sales' +
			'&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B1%5D=team-advanced&options%5Blearners%5D%5B1%5D%5Bemail%5D=boss%40example.com' +
			'&options%5Blearners%5D%5B1%5D%5Bname%5D=The+Boss&options%5Blearners%5D%5B1%5D%5Btype%5D=manager&options%5Bis_send_email%5D=True',
		output: (items) => expect(items).toEqual([{ invited: 2 }]),
	},
	checkLearnerInvite: {
		resource: 'invite',
		operation: 'check',
		parameters: { emails: 'ada@example.com, nobody@example.com' },
		body: `action=checkLearnerInvite&options%5Bemails%5D%5B0%5D=${ada}&options%5Bemails%5D%5B1%5D=nobody%40example.com`,
		output: (items) =>
			expect(items).toEqual([
				{ email: 'ada@example.com', is_found: false, is_used: null, used_at: null },
				{ email: 'nobody@example.com', is_found: false, is_used: null, used_at: null },
			]),
	},
	learnersChurnAtContent: {
		resource: 'course',
		operation: 'getChurn',
		parameters: { courseId: ADVANCED_COURSE_ID, contentId: 'second-lesson' },
		body: `action=learnersChurnAtContent&options%5Bcourse_id%5D=${ADVANCED_COURSE_ID}&options%5Bcontent_id%5D=second-lesson`,
		output: (items) => expect(items.map((item) => item.email)).toEqual(['grace@example.com']),
	},
	learnersRepeatedLogIns: {
		resource: 'learner',
		operation: 'getAllWithRepeatedLogins',
		body: 'action=learnersRepeatedLogIns',
		output: (items) => {
			expect(items.map((item) => [item.email, item.log_ins_amount])).toEqual([
				['ada@example.com', 5],
				['grace@example.com', 3],
				['olena@example.com', 2],
			]);
		},
	},
	academies: {
		resource: 'academy',
		operation: 'getAll',
		body: 'action=academies',
		output: (items) => expect(items).toEqual([expect.objectContaining({ id: ACADEMY_ID, learners_amount: 6, content_amount: 2 })]),
	},
	createLoginToken: {
		resource: 'learner',
		operation: 'createLoginLink',
		parameters: {
			academyId: ACADEMY_ID,
			email: 'ada@example.com',
			redirectTo: 'contentBySlug',
			courseSlug: 'onboarding',
			contentType: 'quiz',
			contentSlug: 'final-quiz',
			options: { firstName: 'Ada', ignorePrivacyMode: false, teams: 'team-sales' },
		},
		body:
			`action=createLoginToken&options%5Bacademy_id%5D=${ACADEMY_ID}&options%5Bemail%5D=${ada}&options%5Bfirst_name%5D=Ada` +
			'&options%5Bignore_academy_privacy_mode%5D=0&options%5Bteams%5D%5B0%5D=team-sales&options%5Bcourse%5D=onboarding&options%5Bquiz%5D=final-quiz',
		output: (items) => {
			expect(items).toHaveLength(1);
			expect(items[0].link).toMatch(/^https:\/\/demo\.academyocean\.com\/auth\/token\/\S+$/);
		},
	},
	setLessonVariables: {
		resource: 'variable',
		operation: 'set',
		parameters: {
			academyId: ACADEMY_ID,
			variables: {
				variable: [
					{ email: 'ada@example.com', key: 'some_lesson_variable', value: 'Example', type: 0, defaultValue: 'Some Default' },
					{ email: 'ada@example.com', key: 'team_lead', value: 'Grace', type: '' },
				],
			},
		},
		body:
			`action=setLessonVariables&options%5Bacademy_id%5D=${ACADEMY_ID}&options%5Brecords%5D%5B${ada}%5D%5B0%5D%5Bkey%5D=some_lesson_variable` +
			`&options%5Brecords%5D%5B${ada}%5D%5B0%5D%5Bvalue%5D=Example&options%5Brecords%5D%5B${ada}%5D%5B0%5D%5Btype%5D=0` +
			`&options%5Brecords%5D%5B${ada}%5D%5B0%5D%5Bdefault_value%5D=Some+Default&options%5Brecords%5D%5B${ada}%5D%5B1%5D%5Bkey%5D=team_lead` +
			`&options%5Brecords%5D%5B${ada}%5D%5B1%5D%5Bvalue%5D=Grace`,
		output: (items) => expect(items).toEqual([{ success: true, result: null }]),
	},
	getLearnerVariable: {
		resource: 'variable',
		operation: 'get',
		parameters: { lookups: { lookup: [{ email: 'ada@example.com', names: 'favourite_language, unknown_one' }] } },
		body: `action=getLearnerVariable&options%5Brecords%5D%5B${ada}%5D%5B0%5D=favourite_language&options%5Brecords%5D%5B${ada}%5D%5B1%5D=unknown_one`,
		output: (items) =>
			expect(items).toEqual([{ email: 'ada@example.com', variables: { favourite_language: 'Analytical Engine' } }]),
	},
	getTeams: {
		resource: 'team',
		operation: 'getAll',
		parameters: { includeCourses: true },
		body: 'action=getTeams&options%5Brecords%5D=course',
		output: (items) =>
			// Course ids inside teams are integers in the reference, unlike the courses action's.
			expect(items[0]).toEqual({ id: 'team-sales', name: 'Sales', courses: [{ id: 1, name: 'Onboarding' }] }),
	},
	addLearnersToTeams: {
		resource: 'team',
		operation: 'addLearners',
		parameters: { teams: 'team-advanced', learners: 'ada@example.com\ngrace@example.com', sendInvites: true },
		body: `action=addLearnersToTeams&options%5Bteams%5D%5B0%5D=team-advanced&options%5Blearners%5D%5B0%5D=${ada}&options%5Blearners%5D%5B1%5D=${grace}&options%5Bsend_invites%5D=1`,
		output: (items) => expect(items).toEqual([{ success: true, result: null }]),
	},
	removeLearnersFromTeams: {
		resource: 'team',
		operation: 'removeLearners',
		parameters: { removals: { removal: [{ email: 'ada@example.com', teams: 'team-sales,team-advanced' }] } },
		body: `action=removeLearnersFromTeams&options%5Blearners%5D%5B0%5D%5Bemail%5D=${ada}&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B0%5D=team-sales&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B1%5D=team-advanced`,
		output: (items) => expect(items).toEqual([{ success: true, result: null }]),
	},
	revokeLearnersAccess: {
		resource: 'learner',
		operation: 'revokeAccess',
		parameters: { learners: 'alan@example.com' },
		body: 'action=revokeLearnersAccess&options%5Blearners%5D%5B0%5D=alan%40example.com',
		output: (items) => expect(items).toEqual([{ success: true, result: null }]),
	},
	returnLearnersAccess: {
		resource: 'learner',
		operation: 'returnAccess',
		parameters: { learners: '={{ ["alan@example.com", "ada@example.com"] }}' },
		body: `action=returnLearnersAccess&options%5Blearners%5D%5B0%5D=alan%40example.com&options%5Blearners%5D%5B1%5D=${ada}`,
		output: (items) => expect(items).toEqual([{ success: true, result: null }]),
	},
	getLearnersQuizStatistic: {
		resource: 'quiz',
		operation: 'getStatistics',
		parameters: { lookups: { lookup: [{ email: 'ada@example.com', quizIds: `${ONBOARDING_COURSE_ID}-Q1` }] } },
		body: `action=getLearnersQuizStatistic&options%5Brecords%5D%5B${ada}%5D%5B0%5D=${ONBOARDING_COURSE_ID}-Q1`,
		output: (items) => {
			expect(items).toHaveLength(1);
			expect(items[0].email).toBe('ada@example.com');
			expect(items[0].quizzes).toEqual([
				expect.objectContaining({ quizId: `${ONBOARDING_COURSE_ID}-Q1`, name: 'Final quiz', score: 5, is_passed: true, spent_time: '00:01:30' }),
			]);
		},
	},
	addLearnerQuizAttempts: {
		resource: 'quiz',
		operation: 'addAttempt',
		parameters: { quizId: `${ONBOARDING_COURSE_ID}-Q1`, email: 'grace@example.com' },
		body: `action=addLearnerQuizAttempts&options%5Bquiz_id%5D=${ONBOARDING_COURSE_ID}-Q1&options%5Bemail%5D=${grace}`,
		output: (items) => expect(items).toEqual([{ success: true, result: null }]),
	},
	deleteLearnerInvite: {
		resource: 'invite',
		operation: 'delete',
		parameters: { emails: 'new1@example.com', deleteLearners: true },
		body: 'action=deleteLearnerInvite&options%5Bemails%5D%5B0%5D=new1%40example.com&options%5Bis_delete_users%5D=True',
		output: (items) => expect(items).toEqual([{ success: true, result: 'done' }]),
	},
	deleteLearners: {
		resource: 'learner',
		operation: 'delete',
		parameters: { emails: 'joao@example.com', ids: 'L-katherine@example.com', permanently: true },
		body: 'action=deleteLearners&options%5Bemails%5D%5B0%5D=joao%40example.com&options%5Bids%5D%5B0%5D=L-katherine%40example.com&options%5Bis_permanently_delete%5D=1',
		output: (items) => expect(items).toEqual([{ deleted: 2 }]),
	},
};

test('every one of the 28 API actions has a case', () => {
	expect(Object.keys(cases)).toHaveLength(28);
	const operations = new AcademyOcean().description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => property.options ?? []);
	expect(operations).toHaveLength(28);
});

describe.each(Object.entries(cases))('%s', (action, testCase) => {
	test('sends the exact form body with the bearer token and shapes the answer into items', async () => {
		const result = await run(testCase.resource, testCase.operation, testCase.parameters);

		expect(result.error).toBeUndefined();
		expect(apiBodies()).toEqual([...(testCase.before ?? []), testCase.body]);
		const call = fake.calls[testCase.before?.length ?? 0];
		expect(call.action).toBe(action);
		const request = fake.server.requestsTo(API_PATH)[testCase.before?.length ?? 0];
		expect(request.method).toBe('POST');
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.headers.authorization).toMatch(/^Bearer \S+$/);
		testCase.output(result.items.map((item) => item.json));
		expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
	});
});
