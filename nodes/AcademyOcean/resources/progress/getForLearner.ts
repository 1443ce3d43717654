import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { booleanOption, emailField, optionsCollection } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { pickOptions, requiredEmail } from '../../transport/parameters';

export const getLearnerProgress: AcademyOceanOperation = {
	value: 'getForLearner',
	name: 'Get for Learner',
	action: "Get a learner's progress in every course",
	description: "A learner's progress in every active course or group, content by content",
	definition: {
		action: 'courseProgress',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			return {
				email: requiredEmail(this, 'email', 'Email'),
				...pickOptions(this, {
					availableCourses: 'course_type',
					includeAcademy: 'with_academy',
					includeTeams: 'with_teams',
				}),
			};
		},
	},
	fields: [
		emailField('email', 'Email', 'Email of the learner'),
		optionsCollection([
			booleanOption('availableCourses', 'Available Courses', 'Whether to return the courses available to the learner'),
			booleanOption('includeAcademy', 'Include Academy', 'Whether to add the ID and name of the academy'),
			booleanOption('includeTeams', 'Include Teams', "Whether to add the learner's teams"),
		]),
	],
};
