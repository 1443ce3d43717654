/**
 * Whether each AcademyOcean action may be sent again when a request got no answer (the
 * connection dropped after it was sent, or a gateway timed out): `true` when repeating it leaves
 * the academy as one request would, else the reason it does not, shown in the error. Requests
 * the platform refused (429, 503) or never received are always sent again: they did nothing.
 * The README's "Rate limits and retries" section lists the same decisions.
 */
const READ = true as const;

const RETRY_SAFETY: Record<string, true | string> = {
	// Reads change nothing.
	academies: READ,
	certificates: READ,
	checkLearnerInvite: READ,
	courseProgress: READ,
	courses: READ,
	getLearnerVariable: READ,
	getLearnersQuizStatistic: READ,
	getTeams: READ,
	learners: READ,
	learnersAmountFromCountries: READ,
	learnersChurnAtContent: READ,
	learnersCourseComplete: READ,
	learnersFromCountry: READ,
	learnersProgressByCourse: READ,
	learnersRegisteredAt: READ,
	learnersRepeatedLogIns: READ,
	learnersWithScore: READ,
	passiveLearners: READ,
	// Writes that set a state: a second request sets the same state.
	addLearnersToTeams: true,
	removeLearnersFromTeams: true,
	revokeLearnersAccess: true,
	returnLearnersAccess: true,
	setLessonVariables: true,
	deleteLearnerInvite: true,
	deleteLearners: true,
	// A second link is made; the node outputs the one it received, and each link works once.
	createLoginToken: true,
	// Writes that add something each time.
	inviteLearners: 'an invite can send an invitation email, and a second request could send it again',
	addLearnerQuizAttempts: 'it adds attempts, and a second request would add them again',
};

/** Unknown actions are treated as writes that must not repeat. */
export function actionRetrySafety(action: string): true | string {
	return RETRY_SAFETY[action] ?? `"${action}" is not known to be safe to repeat`;
}

export const ACTIONS_WITH_RETRY_SAFETY = Object.keys(RETRY_SAFETY);
