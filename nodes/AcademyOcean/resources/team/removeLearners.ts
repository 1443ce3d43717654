import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { LearnerListsField } from '../../transport/learnerLists';
import { learnerLists, learnerListsField } from '../../transport/learnerLists';
import { teamsField } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { fromVersion2, inVersion1 } from '../../transport/versions';

const removals: LearnerListsField = {
	name: 'removals',
	entryName: 'removal',
	displayName: 'Learners',
	listName: 'teams',
	listDisplayName: 'Team IDs',
	listDescription: 'Teams to remove the learner from',
};

/** Version 2 picks each learner's teams from the academy's list. */
const removalsFromList: LearnerListsField = {
	...removals,
	listDisplayName: 'Teams',
	listField: { ...teamsField('teams', 'Teams to remove the learner from', false) },
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
	fields: [inVersion1(learnerListsField(removals)), fromVersion2(learnerListsField(removalsFromList))],
};
