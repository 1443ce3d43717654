import { randomBytes } from 'node:crypto';

import { forbidden, invalid } from '../errors.ts';
import { atom } from '../format.ts';
import { academyById, findContent, findCourse, findInvite, findLearner, knownTeams } from '../lookup.ts';
import { isEmail } from '../options.ts';
import type { OptionReader } from '../options.ts';
import { signIn } from '../signup.ts';
import type { AcademyState, LoginLinkRecord } from '../state.ts';
import type { ActionHandler } from './context.ts';
import { undocumentedWriteAnswer } from './context.ts';

/**
 * Where a login link leads, by the reference's rules: nothing → the courses page; course or
 * course_id → that course; course + lesson/quiz (slugs) or course_id + content_id (API ids) → that
 * content. The slug family and the id family cannot be mixed, lesson/quiz need course, content_id
 * needs course_id.
 */
function redirectOf(state: AcademyState, options: OptionReader): string {
	const [course, lesson, quiz, courseId, contentId] = ['course', 'lesson', 'quiz', 'course_id', 'content_id'].map((key) =>
		options.text(key),
	);
	if ((course ?? lesson ?? quiz) !== undefined && (courseId ?? contentId) !== undefined) {
		throw invalid('Use either course/lesson/quiz or course_id/content_id, not both');
	}
	if ((lesson ?? quiz) !== undefined && course === undefined) throw invalid('Course is required with lesson or quiz');
	if (contentId !== undefined && courseId === undefined) throw invalid('Course id is required with content id');
	if (course !== undefined) {
		const target = findCourse(state, course);
		if (lesson !== undefined) return `/course/${target.slug}/lesson/${findContent(target, lesson, 'lesson').slug}`;
		if (quiz !== undefined) return `/course/${target.slug}/quiz/${findContent(target, quiz, 'quiz').slug}`;
		return `/course/${target.slug}`;
	}
	if (courseId !== undefined) {
		const target = findCourse(state, courseId);
		if (contentId === undefined) return `/course/${target.slug}`;
		const content = findContent(target, contentId);
		return `/course/${target.slug}/${content.type}/${content.slug}`;
	}
	return '/courses';
}

/** Uses a login link as a browser would: once only. Returns the learner it signed in. */
export function openLoginLink(state: AcademyState, linkOrToken: string, at: Date) {
	const record = state.loginLinks.find((candidate) => candidate.link === linkOrToken || candidate.token === linkOrToken);
	if (!record) throw new Error(`No login link ${linkOrToken}`);
	if (record.used_at !== null) throw new Error(`The login link for ${record.email} was already used`);
	if (findLearner(state, record.email)?.blocked) throw new Error(`${record.email} is blocked`);
	record.used_at = atom(at);
	return signIn(state, { email: record.email, name: record.name, teams: record.teams }, at);
}

export const accessActions: Record<string, ActionHandler> = {
	revokeLearnersAccess(context) {
		const { state, options } = context;
		for (const email of options.emails('learners', 'Learners')) {
			const learner = findLearner(state, email);
			if (learner) learner.blocked = true;
		}
		return undocumentedWriteAnswer(context);
	},

	returnLearnersAccess(context) {
		const { state, options } = context;
		for (const email of options.emails('learners', 'Learners')) {
			const learner = findLearner(state, email);
			if (learner) learner.blocked = false;
		}
		return undocumentedWriteAnswer(context);
	},

	deleteLearners({ state, options }) {
		const emails = options.texts('emails', 'Emails', false).map((email) => email.toLowerCase());
		const ids = options.texts('ids', 'Ids', false);
		if (!emails.length && !ids.length) throw invalid('Emails or ids are required');
		const doomed = state.learners.filter((learner) => emails.includes(learner.email.toLowerCase()) || ids.includes(learner.id));
		state.learners = state.learners.filter((learner) => !doomed.includes(learner));
		if (!options.flag('is_permanently_delete')) state.deletedLearners.push(...doomed);
		return { deleted: doomed.length };
	},

	createLoginToken({ state, options, now }) {
		const academy = academyById(state, options.required('academy_id', 'Academy id'));
		const email = options.required('email', 'Email');
		if (!isEmail(email)) throw invalid(`${email} is not a valid email`);
		const redirect = redirectOf(state, options);
		const teams = knownTeams(state, options.texts('teams', 'Teams', false));
		const learner = findLearner(state, email);
		if (learner?.blocked) throw forbidden('Learner access is revoked');
		// ignore_academy_privacy_mode defaults to true; when off, a private academy only lets in its own people.
		const ignorePrivacy = options.flagOr('ignore_academy_privacy_mode', true);
		if (!learner && !ignorePrivacy && academy.is_private && !findInvite(state, email)) {
			throw forbidden('The academy is private and this email has no invite');
		}
		const name = [options.text('first_name'), options.text('last_name')].filter(Boolean).join(' ') || email.split('@')[0];
		const token = randomBytes(30).toString('base64url');
		const host = academy.is_cname_enabled && academy.cname_domain ? academy.cname_domain : `${academy.slug}.academyocean.com`;
		const record: LoginLinkRecord = {
			token,
			link: `https://${host}/auth/token/${token}`,
			academy_id: academy.id,
			email,
			name,
			redirect,
			teams,
			created_at: atom(now()),
			used_at: null,
		};
		state.loginLinks.push(record);
		return { link: record.link };
	},
};
