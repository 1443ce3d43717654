import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { booleanOption, emailsField, idsField } from '../../transport/fields';
import { teamsField } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { emailList, requiredList } from '../../transport/parameters';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

export const addLearnersToTeams: AcademyOceanOperation = {
	value: 'addLearners',
	name: 'Add Learners',
	action: 'Add learners to teams',
	description: 'Add learners to one or more teams, optionally inviting those not registered yet',
	definition: {
		action: 'addLearnersToTeams',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const options = {
				teams: requiredList(this, 'teams', labelFor(this, 'Team IDs', 'Teams')),
				learners: emailList(this, 'learners', 'Learner Emails'),
			};
			return this.getNodeParameter('sendInvites', false) ? { ...options, send_invites: true } : options;
		},
	},
	fields: [
		inVersion1(idsField('teams', 'Team IDs', 'Teams to add the learners to')),
		fromVersion2(teamsField('teams', 'Teams to add the learners to')),
		emailsField('learners', 'Learner Emails', 'Emails of the learners to add'),
		booleanOption('sendInvites', 'Invite Unregistered Learners', 'Whether to invite emails that are not registered in the academy'),
	],
};
