import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { emailsField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { emailList } from '../../transport/parameters';

function learnerEmails(this: IExecuteSingleFunctions) {
	return { learners: emailList(this, 'learners', 'Learner Emails') };
}

export const revokeLearnersAccess: AcademyOceanOperation = {
	value: 'revokeAccess',
	name: 'Revoke Access',
	action: 'Revoke learners access',
	description: "Block learners from the academy; their progress is kept",
	definition: { action: 'revokeLearnersAccess', output: { kind: 'single' }, options: learnerEmails },
	fields: [emailsField('learners', 'Learner Emails', 'Emails of the learners to block')],
};

export const returnLearnersAccess: AcademyOceanOperation = {
	value: 'returnAccess',
	name: 'Return Access',
	action: 'Return learners access',
	description: 'Give blocked learners their access to the academy back',
	definition: { action: 'returnLearnersAccess', output: { kind: 'single' }, options: learnerEmails },
	fields: [emailsField('learners', 'Learner Emails', 'Emails of the blocked learners')],
};
