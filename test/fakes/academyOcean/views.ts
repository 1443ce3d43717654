import { mainAcademy, teamsOf } from './lookup.ts';
import type { OptionReader } from './options.ts';
import type { AcademyState, CourseRecord, LearnerRecord } from './state.ts';

/** A learner as `learners` and its kin return it (the reference's "Learner data comprises"). */
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

/**
 * The optional `with_academy` (`academy: {id, name}`) and `with_teams` (`teams: [{id, name}]`)
 * parts of learners and courseProgress; the reference names them but shows no example.
 */
export function membership(state: AcademyState, learner: LearnerRecord, options: OptionReader) {
	const academy = mainAcademy(state);
	return {
		...(options.flag('with_academy') ? { academy: { id: academy.id, name: academy.name } } : {}),
		...(options.flag('with_teams') ? { teams: teamsOf(state, learner.teams) } : {}),
	};
}

/** A course as `courses` returns it. */
export function courseView(course: CourseRecord) {
	return {
		id: course.id,
		slug: course.slug,
		name: course.name,
		description: course.description,
		img: course.img,
		course_open_url: course.course_open_url,
		is_in_group: course.is_in_group,
		is_scorm: course.is_scorm,
		is_ribbon_enabled: course.is_ribbon_enabled,
		ribbon_text: course.ribbon_text,
	};
}

export function splitName(name: string): { first_name: string; last_name: string } {
	const [first_name = '', ...rest] = name.trim().split(/\s+/);
	return { first_name, last_name: rest.join(' ') };
}
