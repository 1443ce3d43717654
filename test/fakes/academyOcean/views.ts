import type { AcademyState, CourseRecord, LearnerRecord } from './state.ts';

/** A learner as the `learners`-style actions return it (reference: "Learner data comprises"). */
export function learnerView(learner: LearnerRecord) {
	return {
		name: learner.name,
		email: learner.email,
		registered_at: learner.registered_at,
		score: learner.score,
		lessons_opened: learner.lessons_opened,
		lessons_completed: learner.lessons_completed,
		courses_completed: learner.courses_completed,
		spent_time_in_academy: learner.spent_time_in_academy,
		certificates_amount: learner.certificates_amount,
		company: learner.company,
		country: learner.country,
		country_iso_code: learner.country_iso_code,
		city: learner.city,
		os: learner.os,
		device: learner.device,
		browser: learner.browser,
		last_login_at: learner.last_login_at,
	};
}

/** A course as `courses` returns it: everything but the contents, which only progress shows. */
export function courseView(course: CourseRecord) {
	return Object.fromEntries(Object.entries(course).filter(([key]) => key !== 'contents'));
}

export function teamsOf(state: AcademyState, learner: LearnerRecord) {
	return state.teams
		.filter((team) => learner.teams.includes(team.id))
		.map((team) => ({ id: team.id, name: team.name }));
}
