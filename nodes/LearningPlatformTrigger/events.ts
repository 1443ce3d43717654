import type { INodePropertyOptions } from 'n8n-workflow';

export const ALL_EVENTS = '*';

/** As the payload's `event` field names them (the reference lists `team.new.learners`; deliveries say `team.new_learners`). */
export const ACADEMY_OCEAN_EVENTS: INodePropertyOptions[] = [
	{ name: 'Academy Learner Sign Up', value: 'academy.learner.sign_up', description: 'A new learner registered in the academy' },
	{ name: 'Course Finished', value: 'course.finished', description: 'A learner finished a course' },
	{ name: 'Course Group Finished', value: 'course_group.finished', description: 'A learner finished a group of courses' },
	{ name: 'Course Group Started', value: 'course_group.started', description: 'A learner started a group of courses' },
	{ name: 'Course Started', value: 'course.started', description: 'A learner started a course' },
	{ name: 'Learner Course Available', value: 'learner.course.available', description: 'A learner got access to a course' },
	{ name: 'Learner Course Certificate Issued', value: 'learner.course_certificate.issued', description: 'A learner received a certificate' },
	{ name: 'Learner End Quiz Attempts', value: 'learner.end_quiz_attempts', description: 'A learner used every attempt at a quiz' },
	{ name: 'Lesson Finished', value: 'lesson.finished', description: 'A learner finished a lesson' },
	{ name: 'Lesson Started', value: 'lesson.started', description: 'A learner started a lesson' },
	{ name: 'Quiz Finished', value: 'quiz.finished', description: 'A learner finished a quiz' },
	{ name: 'Quiz Started', value: 'quiz.started', description: 'A learner started a quiz' },
	{ name: 'Team New Learners', value: 'team.new_learners', description: 'Learners joined a team (or No Team)' },
];

/** As `metadata.event_name` names them. */
export const CANVAS_EVENTS: INodePropertyOptions[] = [
	{ name: 'Course Completed', value: 'course_completed', description: 'A student met every module requirement of a course' },
	{ name: 'Course Created', value: 'course_created', description: 'A course was created or copied' },
	{ name: 'Course Progress', value: 'course_progress', description: 'A student met a module requirement' },
	{ name: 'Course Section Created', value: 'course_section_created' },
	{ name: 'Course Section Updated', value: 'course_section_updated' },
	{ name: 'Course Updated', value: 'course_updated', description: 'A course was renamed, deleted or otherwise changed' },
];

export function isSelected(selected: string[], event: string): boolean {
	return selected.length === 0 || selected.includes(ALL_EVENTS) || selected.includes(event);
}
