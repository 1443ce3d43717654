import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { emailField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredEmail } from '../../transport/parameters';

export const getManyCertificates: AcademyOceanOperation = {
	value: 'getAll',
	name: 'Get Many',
	action: "Get a learner's certificates",
	description: 'List the certificates a learner received',
	definition: {
		action: 'certificates',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			return { email: requiredEmail(this, 'email', 'Email') };
		},
	},
	fields: [emailField('email', 'Email', 'Email of the learner')],
};
