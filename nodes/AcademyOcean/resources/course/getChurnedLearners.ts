import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { courseNotFoundHint } from '../../transport/errorHints';
import { textField } from '../../transport/fields';
import { courseLocator, requiredCourse } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredText } from '../../transport/parameters';
import { fromVersion2, inVersion1 } from '../../transport/versions';

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
				course_id: requiredCourse(this, 'courseId', 'Course').value,
				content_id: requiredText(this, 'contentId', 'Content'),
			};
		},
	},
	fields: [
		inVersion1(textField('courseId', 'Course', "Course ID, from the course's 'Course URL' field", 'my-course')),
		fromVersion2(courseLocator({ name: 'courseId', displayName: 'Course', description: 'The course the lesson or quiz belongs to' })),
		textField(
			'contentId',
			'Content',
			"Slug or ID of the lesson or quiz: the end of its 'Lesson URL' or 'Quiz URL', or its 'Api Id'",
			'first-lesson',
		),
	],
	errorHint: courseNotFoundHint('Course', 'courseId'),
};
