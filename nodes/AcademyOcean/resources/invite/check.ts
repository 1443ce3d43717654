import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { emailsField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { emailList } from '../../transport/parameters';

export const checkInvites: AcademyOceanOperation = {
	value: 'check',
	name: 'Check',
	action: 'Check learner invites',
	description: 'Whether an invitation exists for each email, and when it was used',
	definition: {
		action: 'checkLearnerInvite',
		output: { kind: 'byEmail' },
		options(this: IExecuteSingleFunctions) {
			return { emails: emailList(this, 'emails', 'Emails') };
		},
	},
	fields: [emailsField('emails', 'Emails', 'Emails to check')],
};
