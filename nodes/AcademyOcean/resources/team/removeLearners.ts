import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { LearnerListsField } from '../../transport/learnerLists';
import { learnerLists, learnerListsField } from '../../transport/learnerLists';
import type { AcademyOceanOperation } from '../../transport/operation';

const removals: LearnerListsField = {
	name: 'removals',
	entryName: 'removal',
	displayName: 'Learners',
	listName: 'teams',
	listDisplayName: 'Team IDs',
	listDescription: 'Teams to remove the learner from',
};

export const removeLearnersFromTeams: AcademyOceanOperation = {
	value: 'removeLearners',
	name: 'Remove Learners',
	action: 'Remove learners from teams',
	description: 'Remove learners (or their invitations) from teams',
	definition: {
		action: 'removeLearnersFromTeams',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			return { learners: learnerLists(this, removals).map(({ email, values }) => ({ email, teams: values })) };
		},
	},
	fields: [learnerListsField(removals)],
};
