import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { booleanOption } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';

export const getManyTeams: AcademyOceanOperation = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many teams',
	description: 'List the teams of the academy, optionally with their courses',
	definition: {
		action: 'getTeams',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			return this.getNodeParameter('includeCourses', false) ? { records: 'course' } : {};
		},
	},
	fields: [booleanOption('includeCourses', 'Include Courses', 'Whether to add the courses available to each team')],
};
