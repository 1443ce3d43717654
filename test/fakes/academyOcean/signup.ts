import { atom } from './format.ts';
import { findInvite, findLearner } from './lookup.ts';
import type { AcademyState, LearnerRecord } from './state.ts';
import { learner as newLearner } from './state.ts';

/**
 * What happens when someone signs in to the academy through an invite or a login link: a
 * known learner logs in once more; a new one registers, taking the teams and lesson variables of
 * their pending invite (which is then used) and of the link.
 */
export function signIn(state: AcademyState, who: { email: string; name: string; teams?: string[] }, at: Date): LearnerRecord {
	const when = atom(at);
	const invite = findInvite(state, who.email);
	if (invite && invite.used_at === null) invite.used_at = when;
	const existing = findLearner(state, who.email);
	if (existing) {
		existing.log_ins_amount += 1;
		existing.last_login_at = when;
		existing.teams = [...new Set([...existing.teams, ...(who.teams ?? [])])];
		return existing;
	}
	const learner = newLearner({
		email: who.email,
		name: invite?.name ?? who.name,
		registered_at: when,
		teams: [...new Set([...(invite?.teams ?? []), ...(who.teams ?? [])])],
		variables: { ...invite?.variables },
	});
	state.learners.push(learner);
	return learner;
}
