import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { textField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredText } from '../../transport/parameters';

export const getCourseChurn: AcademyOceanOperation = {
	value: 'getChurn',
	name: 'Get Churn at Content',
	action: 'Get learners who churned at a lesson',
	description: 'List the learners who stopped at a given lesson or quiz of a course',
	definition: {
		action: 'learnersChurnAtContent',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			return {
				course_id: requiredText(this, 'courseId', 'Course'),
				content_id: requiredText(this, 'contentId', 'Content'),
			};
		},
	},
	fields: [
		textField('courseId', 'Course', "Course ID, from the course's 'Course URL' field", 'my-course'),
		textField('contentId', 'Content', "Lesson or quiz ID, from its 'Lesson URL' or 'Quiz URL' field", 'first-lesson'),
	],
};
