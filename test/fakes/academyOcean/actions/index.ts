import { academyActions } from './academies.ts';
import { accessActions } from './access.ts';
import type { ActionHandler } from './context.ts';
import { countryActions } from './countries.ts';
import { courseActions } from './courses.ts';
import { inviteActions } from './invites.ts';
import { learnerActions } from './learners.ts';
import { progressActions } from './progress.ts';
import { quizActions } from './quizzes.ts';
import { teamActions } from './teams.ts';
import { variableActions } from './variables.ts';

export { acceptInvite } from './invites.ts';
export { openLoginLink } from './access.ts';
export type { ActionContext, ActionHandler } from './context.ts';

/** The reference's 28 actions, in its order. */
export const ACTION_NAMES = [
	'learners',
	'courses',
	'certificates',
	'learnersProgressByCourse',
	'courseProgress',
	'learnersAmountFromCountries',
	'learnersFromCountry',
	'learnersWithScore',
	'learnersRegisteredAt',
	'learnersCourseComplete',
	'passiveLearners',
	'inviteLearners',
	'checkLearnerInvite',
	'learnersChurnAtContent',
	'learnersRepeatedLogIns',
	'academies',
	'createLoginToken',
	'setLessonVariables',
	'getLearnerVariable',
	'getTeams',
	'addLearnersToTeams',
	'removeLearnersFromTeams',
	'revokeLearnersAccess',
	'returnLearnersAccess',
	'getLearnersQuizStatistic',
	'addLearnerQuizAttempts',
	'deleteLearnerInvite',
	'deleteLearners',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

export const ACTIONS: Record<ActionName, ActionHandler> = {
	...academyActions,
	...accessActions,
	...countryActions,
	...courseActions,
	...inviteActions,
	...learnerActions,
	...progressActions,
	...quizActions,
	...teamActions,
	...variableActions,
} as Record<ActionName, ActionHandler>;

const unlisted = Object.keys(ACTIONS).filter((name) => !(ACTION_NAMES as readonly string[]).includes(name));
const unhandled = ACTION_NAMES.filter((name) => typeof ACTIONS[name] !== 'function');
if (unlisted.length || unhandled.length) {
	throw new Error(`Fake AcademyOcean actions out of step: unlisted ${unlisted.join(', ')}; unhandled ${unhandled.join(', ')}`);
}

/** The handler of a known action name, looked up without touching inherited properties. */
export function actionHandler(name: string): ActionHandler | undefined {
	return (ACTION_NAMES as readonly string[]).includes(name) ? ACTIONS[name as ActionName] : undefined;
}
