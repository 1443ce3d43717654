import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { requiredCourse } from './locators';
import { requiredText } from './parameters';

/**
 * The course of Progress > Get for Course as learnersProgressByCourse takes it: `course_id` or
 * `course_slug`. Version 1 names it with Identify Course By + a text field, version 2 with the
 * Course picker (From List and By ID give the ID; By Slug and a course URL the slug).
 */
export function courseIdentifier(context: IExecuteSingleFunctions): IDataObject {
	if (context.getNode().typeVersion < 2) {
		return context.getNodeParameter('identifyCourseBy', 'id') === 'slug'
			? { course_slug: requiredText(context, 'courseSlug', 'Course Slug') }
			: { course_id: requiredText(context, 'courseId', 'Course ID') };
	}
	const course = requiredCourse(context, 'course', 'Course');
	return course.by === 'slug' ? { course_slug: course.value } : { course_id: course.value };
}
