import type { INodeParameters } from 'n8n-workflow';

import { ACADEMY_ID, ADVANCED_COURSE_ID, ONBOARDING_COURSE_ID } from '../harness/academyOceanFixture.ts';

/** A picker's value as the editor saves it. */
const picked = (mode: string, value: string) => ({ __rl: true, mode, value });

export interface OperationCase {
	resource: string;
	operation: string;
	/** The fields as a version-1 node saves them. */
	version1?: INodeParameters;
	/** The same, picked, in version 2 (default: as version 1). */
	version2?: INodeParameters;
}

/**
 * One run of every AcademyOcean operation against the fake academy that returns a full output (all
 * of an answer's fields), for generating and checking the `__schema__` files.
 */
export const ACADEMY_OCEAN_CASES: OperationCase[] = [
	{ resource: 'academy', operation: 'getAll' },
	{ resource: 'certificate', operation: 'getAll', version1: { email: 'ada@example.com' }, version2: { email: picked('list', 'ada@example.com') } },
	{ resource: 'country', operation: 'getLearnerCounts' },
	{ resource: 'course', operation: 'getAll' },
	{
		resource: 'course',
		operation: 'getCompletions',
		version1: { courseId: 'onboarding' },
		version2: { courseId: picked('list', ONBOARDING_COURSE_ID) },
	},
	{
		resource: 'course',
		operation: 'getChurn',
		version1: { courseId: ADVANCED_COURSE_ID, contentId: 'second-lesson' },
		version2: { courseId: picked('list', ADVANCED_COURSE_ID), contentId: 'second-lesson' },
	},
	{
		resource: 'invite',
		operation: 'create',
		version1: { invitees: { invitee: [{ email: 'new@example.com', name: 'New One', type: 'learner', teams: 'team-sales' }] } },
		version2: { invitees: { invitee: [{ email: 'new@example.com', name: 'New One', type: 'learner', teams: ['team-sales'] }] } },
	},
	{ resource: 'invite', operation: 'check', version1: { emails: 'olena@example.com, pending@example.com, nobody@example.com' } },
	{ resource: 'invite', operation: 'delete', version1: { emails: 'pending@example.com' } },
	{ resource: 'learner', operation: 'getAll', version1: { options: { includeAcademy: true, includeTeams: true } } },
	{ resource: 'learner', operation: 'getAllByScore', version1: { operator: 'gte', score: 0 } },
	{ resource: 'learner', operation: 'getAllRegistered', version1: { filterBy: 'period', from: '2026-01-01T00:00:00', to: '2026-12-31T00:00:00' } },
	{ resource: 'learner', operation: 'getAllFromCountry', version1: { countryIsoCode: 'US' }, version2: { countryIsoCode: picked('list', 'US') } },
	{ resource: 'learner', operation: 'getAllPassive' },
	{ resource: 'learner', operation: 'getAllWithRepeatedLogins' },
	{
		resource: 'learner',
		operation: 'createLoginLink',
		version1: { academyId: ACADEMY_ID, email: 'ada@example.com' },
		version2: { academyId: picked('list', ACADEMY_ID), email: picked('list', 'ada@example.com') },
	},
	{ resource: 'learner', operation: 'revokeAccess', version1: { learners: 'alan@example.com' } },
	{ resource: 'learner', operation: 'returnAccess', version1: { learners: 'alan@example.com' } },
	{ resource: 'learner', operation: 'delete', version1: { emails: 'joao@example.com' } },
	{
		resource: 'progress',
		operation: 'getForLearner',
		version1: { email: 'grace@example.com', options: { includeAcademy: true, includeTeams: true } },
		version2: { email: picked('list', 'grace@example.com'), options: { includeAcademy: true, includeTeams: true } },
	},
	{
		resource: 'progress',
		operation: 'getForCourse',
		version1: { identifyCourseBy: 'id', courseId: ONBOARDING_COURSE_ID, returnAll: true, options: { showNotStarted: true } },
		version2: { course: picked('list', ONBOARDING_COURSE_ID), returnAll: true, options: { showNotStarted: true } },
	},
	{
		resource: 'quiz',
		operation: 'getStatistics',
		version1: { lookups: { lookup: [{ email: 'ada@example.com', quizIds: `${ONBOARDING_COURSE_ID}-Q1, ${ADVANCED_COURSE_ID}-Q1` }] } },
	},
	{
		resource: 'quiz',
		operation: 'addAttempt',
		version1: { quizId: `${ONBOARDING_COURSE_ID}-Q1`, email: 'grace@example.com' },
		version2: { quizId: `${ONBOARDING_COURSE_ID}-Q1`, email: picked('list', 'grace@example.com') },
	},
	{ resource: 'team', operation: 'getAll', version1: { includeCourses: true } },
	{
		resource: 'team',
		operation: 'addLearners',
		version1: { teams: 'team-advanced', learners: 'grace@example.com' },
		version2: { teams: ['team-advanced'], learners: 'grace@example.com' },
	},
	{
		resource: 'team',
		operation: 'removeLearners',
		version1: { removals: { removal: [{ email: 'ada@example.com', teams: 'team-sales' }] } },
		version2: { removals: { removal: [{ email: 'ada@example.com', teams: ['team-sales'] }] } },
	},
	{
		resource: 'variable',
		operation: 'set',
		version1: { academyId: ACADEMY_ID, variables: { variable: [{ email: 'ada@example.com', key: 'cohort_name', value: 'Spring' }] } },
		version2: {
			academyId: picked('list', ACADEMY_ID),
			variables: { variable: [{ email: 'ada@example.com', key: 'cohort_name', value: 'Spring' }] },
		},
	},
	{ resource: 'variable', operation: 'get', version1: { lookups: { lookup: [{ email: 'ada@example.com', names: 'favourite_language, onboarding_buddy' }] } } },
];
