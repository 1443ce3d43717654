import type { PhpArray, PhpValue } from '../phpFormParser.ts';
import { phpBool, phpList } from '../phpFormParser.ts';
import { ApiFailure } from './failure.ts';
import { activeLearners, findLearner, required, text } from './reads.ts';
import type { AcademyState, InviteRecord } from './state.ts';
import { learner as newLearner } from './state.ts';

type Options = PhpArray;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

function emails(options: Options, key: string, label: string): string[] {
	const list = phpList(options[key]).map(String);
	if (!list.length) throw new ApiFailure(`${label} are required`);
	const invalid = list.find((email) => !EMAIL.test(email));
	if (invalid) throw new ApiFailure(`${invalid} is not a valid email`);
	return list;
}

function knownTeams(state: AcademyState, ids: string[]): string[] {
	const unknown = ids.find((id) => !state.teams.some((team) => team.id === id));
	if (unknown) throw new ApiFailure(`Team ${unknown} not found`, 404);
	return ids;
}

function inviteFor(state: AcademyState, email: string): InviteRecord | undefined {
	return state.invites.find((invite) => invite.email.toLowerCase() === email.toLowerCase());
}

export const writeActions: Record<string, (state: AcademyState, options: Options) => unknown> = {
	inviteLearners(state, options) {
		const learners = phpList(options.learners);
		if (!learners.length) throw new ApiFailure('Learners are required');
		let invited = 0;
		for (const entry of learners) {
			if (typeof entry !== 'object') throw new ApiFailure('Each learner needs an email, a name and a type');
			const email = text(entry, 'email');
			const name = text(entry, 'name');
			const type = text(entry, 'type');
			if (!email || !EMAIL.test(email)) throw new ApiFailure('Email is required');
			if (!name) throw new ApiFailure('Name is required');
			if (type !== 'learner' && type !== 'manager') throw new ApiFailure('Type must be learner or manager');
			const teams = knownTeams(state, phpList(entry.teams).map(String));
			// The reference: fewer invites than requested when an email was already invited.
			if (inviteFor(state, email)) continue;
			state.invites.push({ email, name, type, teams, used_at: null, variables: {} });
			invited += 1;
		}
		return { invited };
	},

	deleteLearnerInvite(state, options) {
		const list = emails(options, 'emails', 'Emails').map((email) => email.toLowerCase());
		state.invites = state.invites.filter((invite) => !(list.includes(invite.email.toLowerCase()) && invite.used_at === null));
		if (phpBool(options.is_delete_users)) {
			state.learners = state.learners.filter((learner) => !list.includes(learner.email.toLowerCase()));
		}
		return ['done'];
	},

	deleteLearners(state, options) {
		const byEmail = phpList(options.emails).map((email) => String(email).toLowerCase());
		const byId = phpList(options.ids).map(String);
		if (!byEmail.length && !byId.length) throw new ApiFailure('Emails or ids are required');
		const before = state.learners.length;
		state.learners = state.learners.filter(
			(learner) => !byEmail.includes(learner.email.toLowerCase()) && !byId.includes(learner.id),
		);
		return { deleted: before - state.learners.length };
	},

	createLoginToken(state, options) {
		const academyId = required(options, 'academy_id', 'Academy id');
		const email = required(options, 'email', 'Email');
		if (!state.academies.some((academy) => academy.id === academyId)) throw new ApiFailure('Academy not found', 404);
		if (!EMAIL.test(email)) throw new ApiFailure('Email is not valid');
		const bySlug = ['course', 'lesson', 'quiz'].filter((key) => text(options, key));
		const byId = ['course_id', 'content_id'].filter((key) => text(options, key));
		if (bySlug.length && byId.length) {
			throw new ApiFailure('You can not use course/lesson/quiz parameters together with course_id/content_id');
		}
		if ((text(options, 'lesson') || text(options, 'quiz')) && !text(options, 'course')) {
			throw new ApiFailure('Course parameter is required for lesson or quiz');
		}
		if (text(options, 'content_id') && !text(options, 'course_id')) {
			throw new ApiFailure('Parameter content_id works only with course_id');
		}
		const learner = findLearner(state, email);
		if (learner?.blocked) throw new ApiFailure('Learner access is revoked', 403);
		if (!learner) {
			const name = [text(options, 'first_name'), text(options, 'last_name')].filter(Boolean).join(' ') || email;
			state.learners.push(newLearner({ email, name, registered_at: new Date().toISOString().replace('.000Z', '+00:00') }));
		}
		const token = Buffer.from(`${email}:${Date.now()}:${Math.random()}`).toString('base64url');
		return { link: `https://demo.academyocean.com/auth/token/${token}` };
	},

	setLessonVariables(state, options) {
		const academyId = required(options, 'academy_id', 'Academy id');
		if (!state.academies.some((academy) => academy.id === academyId)) throw new ApiFailure('Academy not found', 404);
		const records = options.records;
		if (!records || typeof records !== 'object') throw new ApiFailure('Records are required');
		const inviteUnknown = phpBool(options.is_invite_learner_if_not_found);
		for (const [email, entries] of Object.entries(records as PhpArray)) {
			const target = findLearner(state, email)?.variables ?? inviteFor(state, email)?.variables;
			let variables = target;
			if (!variables) {
				if (!inviteUnknown) throw new ApiFailure(`Learner ${email} not found`, 404);
				const invite: InviteRecord = { email, name: email, type: 'learner', teams: [], used_at: null, variables: {} };
				state.invites.push(invite);
				variables = invite.variables;
			}
			for (const entry of phpList(entries as PhpValue)) {
				if (typeof entry !== 'object') throw new ApiFailure('Each record needs a key and a value');
				const key = required(entry, 'key', 'Key');
				if (!SNAKE_CASE.test(key)) throw new ApiFailure('Key must be in a snake case');
				if (typeof entry.value !== 'string') throw new ApiFailure('Value is required');
				if (!state.variables[key]) {
					state.variables[key] = { type: Number(text(entry, 'type') ?? 0), default_value: text(entry, 'default_value') ?? null };
				}
				variables[key] = entry.value;
			}
		}
		return ['done'];
	},

	addLearnersToTeams(state, options) {
		const teams = knownTeams(state, phpList(options.teams).map(String));
		if (!teams.length) throw new ApiFailure('Teams are required');
		const list = emails(options, 'learners', 'Learners');
		for (const email of list) {
			const learner = findLearner(state, email);
			if (learner) {
				learner.teams = [...new Set([...learner.teams, ...teams])];
			} else if (phpBool(options.send_invites)) {
				const invite = inviteFor(state, email);
				if (invite) invite.teams = [...new Set([...invite.teams, ...teams])];
				else state.invites.push({ email, name: email, type: 'learner', teams, used_at: null, variables: {} });
			}
		}
		return ['done'];
	},

	removeLearnersFromTeams(state, options) {
		const entries = phpList(options.learners);
		if (!entries.length) throw new ApiFailure('Learners are required');
		for (const entry of entries) {
			if (typeof entry !== 'object') throw new ApiFailure('Each learner needs an email and teams');
			const email = required(entry, 'email', 'Email');
			const teams = phpList(entry.teams).map(String);
			if (!teams.length) throw new ApiFailure('Teams are required');
			const holder = findLearner(state, email) ?? inviteFor(state, email);
			if (holder) holder.teams = holder.teams.filter((team) => !teams.includes(team));
		}
		return ['done'];
	},

	revokeLearnersAccess(state, options) {
		const list = emails(options, 'learners', 'Learners');
		for (const email of list) {
			const learner = findLearner(state, email);
			if (learner) learner.blocked = true;
		}
		return ['done'];
	},

	returnLearnersAccess(state, options) {
		const list = emails(options, 'learners', 'Learners');
		for (const email of list) {
			const learner = findLearner(state, email);
			if (learner) learner.blocked = false;
		}
		return ['done'];
	},

	addLearnerQuizAttempts(state, options) {
		const quizId = required(options, 'quiz_id', 'Quiz id');
		const email = required(options, 'email', 'Email');
		if (!state.quizzes.some((quiz) => quiz.id === quizId)) throw new ApiFailure('Quiz not found', 404);
		const learner = activeLearners(state).find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
		if (!learner) throw new ApiFailure('Learner not found', 404);
		learner.quizAttempts[quizId] = (learner.quizAttempts[quizId] ?? 0) + 1;
		return ['done'];
	},
};

/** Marks an invite as used and turns it into a learner, as when the invitee signs up. */
export function acceptInvite(state: AcademyState, email: string, at = '2026-03-10T10:00:00+00:00'): void {
	const invite = inviteFor(state, email);
	if (!invite) throw new Error(`No invite for ${email}`);
	invite.used_at = at;
	if (!findLearner(state, email)) {
		state.learners.push(
			newLearner({ email: invite.email, name: invite.name, teams: invite.teams, variables: { ...invite.variables }, registered_at: at }),
		);
	}
}
