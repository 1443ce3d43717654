import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import { booleanOption, idsField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { checkedEmails, textList } from '../../transport/parameters';

export const deleteLearners: AcademyOceanOperation = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete learners',
	description: 'Delete learners by email or ID',
	definition: {
		action: 'deleteLearners',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const emails = checkedEmails(this, textList(this.getNodeParameter('emails', '')), 'Learner Emails');
			const ids = textList(this.getNodeParameter('ids', ''));
			if (!emails.length && !ids.length) {
				throw invalidField(this, 'Fill in "Learner Emails" or "Learner IDs": there is no learner to delete');
			}
			const options: IDataObject = {};
			if (emails.length) options.emails = emails;
			if (ids.length) options.ids = ids;
			if (this.getNodeParameter('permanently', false)) options.is_permanently_delete = true;
			return options;
		},
	},
	fields: [
		idsField('emails', 'Learner Emails', 'Emails of the learners to delete', false),
		idsField('ids', 'Learner IDs', 'IDs of the learners to delete', false),
		booleanOption('permanently', 'Delete Permanently', 'Whether to delete irreversibly'),
	],
};
