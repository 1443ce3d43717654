import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { booleanOption, emailsField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { REFERENCE_TRUE, emailList } from '../../transport/parameters';

export const deleteInvites: AcademyOceanOperation = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete learner invites',
	description: 'Delete invitations that were not accepted yet',
	definition: {
		action: 'deleteLearnerInvite',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const emails = emailList(this, 'emails', 'Emails');
			return this.getNodeParameter('deleteLearners', false) ? { emails, is_delete_users: REFERENCE_TRUE } : { emails };
		},
	},
	fields: [
		emailsField('emails', 'Emails', 'Emails whose invitations to delete'),
		booleanOption('deleteLearners', 'Also Delete Learners', 'Whether to also delete existing learners with these emails'),
	],
};
