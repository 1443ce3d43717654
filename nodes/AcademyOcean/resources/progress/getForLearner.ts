import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { booleanOption, emailField, optionsCollection } from '../../transport/fields';
import { learnerLocator, requiredLearnerEmail } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { pickOptions } from '../../transport/parameters';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

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
				email: requiredLearnerEmail(this, 'email', labelFor(this, 'Email', 'Learner')),
				...pickOptions(this, {
					availableCourses: 'course_type',
					includeAcademy: 'with_academy',
					includeTeams: 'with_teams',
				}),
			};
		},
	},
	fields: [
		inVersion1(emailField('email', 'Email', 'Email of the learner')),
		fromVersion2(learnerLocator({ name: 'email', displayName: 'Learner', description: 'The learner whose progress to get' })),
		optionsCollection([
			booleanOption('availableCourses', 'Available Courses', 'Whether to return the courses available to the learner'),
			booleanOption('includeAcademy', 'Include Academy', 'Whether to add the ID and name of the academy'),
			booleanOption('includeTeams', 'Include Teams', "Whether to add the learner's teams"),
		]),
	],
};
