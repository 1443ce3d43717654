import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { textField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredText } from '../../transport/parameters';

export const getCourseCompletions: AcademyOceanOperation = {
	value: 'getCompletions',
	name: 'Get Completions',
	action: 'Get learners who completed a course',
	description: 'List the learners who completed a course',
	definition: {
		action: 'learnersCourseComplete',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			return { course_id: requiredText(this, 'courseId', 'Course') };
		},
	},
	fields: [textField('courseId', 'Course', 'Course ID or course URL slug', 'my-course')],
};
