import { invalid, notFound } from './errors.ts';
import type { AcademyRecord, AcademyState, ContentRecord, CourseRecord, InviteRecord, LearnerRecord } from './state.ts';

const same = (left: string, right: string) => left.toLowerCase() === right.toLowerCase();

/** Learners the API lists: everyone whose access is not revoked. */
export function activeLearners(state: AcademyState): LearnerRecord[] {
	return state.learners.filter((learner) => !learner.blocked);
}

/** Any learner with this email, blocked or not (emails compare case-insensitively). */
export function findLearner(state: AcademyState, email: string): LearnerRecord | undefined {
	return state.learners.find((learner) => same(learner.email, email));
}

export function findInvite(state: AcademyState, email: string): InviteRecord | undefined {
	return state.invites.find((invite) => same(invite.email, email));
}

export function academyById(state: AcademyState, id: string): AcademyRecord {
	const academy = state.academies.find((candidate) => candidate.id === id);
	if (!academy) throw notFound('Academy not found');
	return academy;
}

/** The academy the API token belongs to: the fake serves one account, its first academy. */
export function mainAcademy(state: AcademyState): AcademyRecord {
	return state.academies[0];
}

/** A course by API id, slug, or its course URL (the reference accepts either in some actions). */
export function findCourse(state: AcademyState, key: string): CourseRecord {
	const course = state.courses.find(
		(candidate) => candidate.id === key || candidate.slug === key || candidate.course_open_url === key,
	);
	if (!course) throw notFound('Course not found');
	return course;
}

/** Content of a course by id or slug, optionally only of one type. */
export function findContent(course: CourseRecord, key: string, type?: ContentRecord['type']): ContentRecord {
	const content = course.contents.find(
		(candidate) => (candidate.id === key || candidate.slug === key) && (!type || candidate.type === type),
	);
	if (!content) throw notFound(`${type ? type[0].toUpperCase() + type.slice(1) : 'Content'} not found in course ${course.slug}`);
	return content;
}

/** Team ids, all of which must exist. */
export function knownTeams(state: AcademyState, ids: string[]): string[] {
	const unknown = ids.find((id) => !state.teams.some((team) => team.id === id));
	if (unknown !== undefined) throw invalid(`Team ${unknown} not found`);
	return [...new Set(ids)];
}

export function teamsOf(state: AcademyState, teamIds: string[]): Array<{ id: string; name: string }> {
	return state.teams.filter((team) => teamIds.includes(team.id)).map((team) => ({ id: team.id, name: team.name }));
}
