import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { courseNotFoundHint } from '../../transport/errorHints';
import { textField } from '../../transport/fields';
import { courseLocator, requiredCourse } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { fromVersion2, inVersion1 } from '../../transport/versions';

export const getCourseCompletions: AcademyOceanOperation = {
	value: 'getCompletions',
	name: 'Get Completions',
	action: 'Get learners who completed a course',
	description: 'List the learners who completed a course',
	definition: {
		action: 'learnersCourseComplete',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			// The API takes the course ID or its slug in course_id.
			return { course_id: requiredCourse(this, 'courseId', 'Course').value };
		},
	},
	fields: [
		inVersion1(textField('courseId', 'Course', 'Course ID or course URL slug', 'my-course')),
		fromVersion2(courseLocator({ name: 'courseId', displayName: 'Course', description: 'The course (or group) whose completions to list' })),
	],
	errorHint: courseNotFoundHint('Course', 'courseId'),
};
