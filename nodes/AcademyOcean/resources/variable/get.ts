import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { LearnerListsField } from '../../transport/learnerLists';
import { learnerLists, learnerListsField, recordsByEmail } from '../../transport/learnerLists';
import type { AcademyOceanOperation } from '../../transport/operation';

const lookups: LearnerListsField = {
	name: 'lookups',
	entryName: 'lookup',
	displayName: 'Learners',
	listName: 'names',
	listDisplayName: 'Variable Names',
	listDescription: 'Variables to read',
};

export const getVariables: AcademyOceanOperation = {
	value: 'get',
	name: 'Get',
	action: 'Get learner variables',
	description: 'Current values of lesson variables for one or more learners',
	definition: {
		action: 'getLearnerVariable',
		output: { kind: 'byEmail', fields: (value) => ({ variables: (value ?? {}) as never }) },
		options(this: IExecuteSingleFunctions) {
			return { records: recordsByEmail(learnerLists(this, lookups)) };
		},
	},
	fields: [learnerListsField(lookups)],
};
