import { invalid } from '../errors.ts';
import { atom } from '../format.ts';
import { findInvite, findLearner, knownTeams } from '../lookup.ts';
import type { ActionHandler } from './context.ts';
import { undocumentedWriteAnswer } from './context.ts';

const union = (left: string[], right: string[]) => [...new Set([...left, ...right])];

export const teamActions: Record<string, ActionHandler> = {
	/** With `records=course`, each team also lists the courses it gives access to. */
	getTeams({ state, options }) {
		const records = options.text('records');
		if (records !== undefined && records !== 'course') throw invalid('Records must be course');
		return state.teams.map((team) => ({
			id: team.id,
			name: team.name,
			...(records === 'course'
				? {
						// The reference types these ids as integers (`"id": 2`), unlike the string ids of
						// the courses action: the fake gives each course its 1-based place in the academy.
						courses: team.courseIds.map((courseId) => ({
							id: state.courses.findIndex((course) => course.id === courseId) + 1,
							name: state.courses.find((course) => course.id === courseId)?.name ?? '',
						})),
					}
				: {}),
		}));
	},

	/**
	 * Adds learners to teams; with send_invites an email that is not a learner gets an invite to
	 * those teams (or its pending invite gains them). Without it, unknown emails are skipped.
	 */
	addLearnersToTeams(context) {
		const { state, options, now } = context;
		const teams = knownTeams(state, options.texts('teams', 'Teams', true));
		const emails = options.emails('learners', 'Learners');
		for (const email of emails) {
			const learner = findLearner(state, email);
			const invite = findInvite(state, email);
			if (learner) {
				learner.teams = union(learner.teams, teams);
			} else if (invite && invite.used_at === null) {
				invite.teams = union(invite.teams, teams);
			} else if (options.flag('send_invites')) {
				state.invites.push({
					email,
					name: email.split('@')[0],
					type: 'learner',
					teams,
					created_at: atom(now()),
					email_sent: true,
					used_at: null,
					variables: {},
				});
			}
		}
		return undocumentedWriteAnswer(context);
	},

	/** Removes each learner (or pending invite) from the teams given with it. */
	removeLearnersFromTeams(context) {
		const { state, options } = context;
		const removals = options.records('learners', 'Learners').map((entry, index) => {
			const email = entry.text('email');
			if (email === undefined) throw invalid(`Learners ${index}: Email is required`);
			return { email, teams: entry.texts('teams', `Learners ${index}: Teams`, true) };
		});
		for (const { email, teams } of removals) {
			for (const holder of [findLearner(state, email), findInvite(state, email)]) {
				if (holder) holder.teams = holder.teams.filter((team) => !teams.includes(team));
			}
		}
		return undocumentedWriteAnswer(context);
	},
};
