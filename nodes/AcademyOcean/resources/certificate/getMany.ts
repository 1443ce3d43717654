import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { emailField } from '../../transport/fields';
import { learnerLocator, requiredLearnerEmail } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

export const getManyCertificates: AcademyOceanOperation = {
	value: 'getAll',
	name: 'Get Many',
	action: "Get a learner's certificates",
	description: 'List the certificates a learner received',
	definition: {
		action: 'certificates',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			return { email: requiredLearnerEmail(this, 'email', labelFor(this, 'Email', 'Learner')) };
		},
	},
	fields: [
		inVersion1(emailField('email', 'Email', 'Email of the learner')),
		fromVersion2(learnerLocator({ name: 'email', displayName: 'Learner', description: 'The learner whose certificates to list' })),
	],
};
