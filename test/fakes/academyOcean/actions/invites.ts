import { invalid } from '../errors.ts';
import { atom } from '../format.ts';
import { findInvite, findLearner, knownTeams } from '../lookup.ts';
import { isEmail } from '../options.ts';
import { signIn } from '../signup.ts';
import type { AcademyState, InviteRecord } from '../state.ts';
import type { ActionHandler } from './context.ts';
import { DONE } from './context.ts';

/** The invitee signs up: the invite is used and they become a learner with its teams and variables. */
export function acceptInvite(state: AcademyState, email: string, at: Date) {
	const invite = findInvite(state, email);
	if (!invite) throw new Error(`No invite for ${email}`);
	if (invite.used_at !== null) throw new Error(`The invite for ${email} was already used`);
	return signIn(state, { email: invite.email, name: invite.name }, at);
}

export const inviteActions: Record<string, ActionHandler> = {
	/**
	 * Validates every entry first (one bad entry fails the call, nothing is invited), then invites
	 * each email that is neither a learner nor already invited: the reference's "fewer invited users
	 * than you sent" when users were invited multiple times.
	 */
	inviteLearners({ state, options, now }) {
		const entries = options.records('learners', 'Learners').map((entry, index): InviteRecord => {
			const email = entry.text('email');
			if (email === undefined) throw invalid(`Learners ${index}: Email is required`);
			if (!isEmail(email)) throw invalid(`Learners ${index}: ${email} is not a valid email`);
			const name = entry.text('name');
			if (name === undefined) throw invalid(`Learners ${index}: Name is required`);
			const type = entry.text('type');
			if (type !== 'learner' && type !== 'manager') throw invalid(`Learners ${index}: Type must be learner or manager`);
			return {
				email,
				name,
				type,
				teams: knownTeams(state, entry.texts('teams', 'Teams', false)),
				created_at: atom(now()),
				email_sent: options.trueFalse('is_send_email', 'Is send email'),
				used_at: null,
				variables: {},
			};
		});
		let invited = 0;
		for (const invite of entries) {
			if (findLearner(state, invite.email) || findInvite(state, invite.email)) continue;
			state.invites.push(invite);
			invited += 1;
		}
		return { invited };
	},

	checkLearnerInvite({ state, options }) {
		const result: Record<string, { is_found: boolean; is_used: boolean | null; used_at: string | null }> = {};
		for (const email of options.emails('emails', 'Emails')) {
			const invite = findInvite(state, email);
			result[email] = {
				is_found: invite !== undefined,
				is_used: invite ? invite.used_at !== null : null,
				used_at: invite?.used_at ?? null,
			};
		}
		return result;
	},

	/** Removes invites not yet used; with is_delete_users also the learners with those emails. */
	deleteLearnerInvite({ state, options }) {
		const emails = options.emails('emails', 'Emails').map((email) => email.toLowerCase());
		state.invites = state.invites.filter((invite) => !(invite.used_at === null && emails.includes(invite.email.toLowerCase())));
		if (options.trueFalse('is_delete_users', 'Is delete users')) {
			state.learners = state.learners.filter((learner) => !emails.includes(learner.email.toLowerCase()));
		}
		return DONE;
	},
};
