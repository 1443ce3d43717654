import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import type { CourseReference } from './courseIdentity';
import { bothCourseIdentifiers } from './courseIdentity';
import { requiredCourse } from './locators';
import { requiredText } from './parameters';

/** The course the user named for Progress > Get for Course, and the field to name in errors. */
function namedCourse(context: IExecuteSingleFunctions): { reference: CourseReference; label: string } {
	if (context.getNode().typeVersion < 2) {
		return context.getNodeParameter('identifyCourseBy', 'id') === 'slug'
			? { reference: { slug: requiredText(context, 'courseSlug', 'Course Slug') }, label: 'Course Slug' }
			: { reference: { id: requiredText(context, 'courseId', 'Course ID') }, label: 'Course ID' };
	}
	const course = requiredCourse(context, 'course', 'Course');
	const reference: CourseReference =
		course.by === 'slug' ? { slug: course.value } : course.by === 'id' ? { id: course.value } : { idOrSlug: course.value };
	return { reference, label: 'Course' };
}

/**
 * `course_id` and `course_slug` of the course of Progress > Get for Course, as learnersProgressByCourse
 * takes them (the reference marks both "required"). Version 1 names the course with Identify Course By +
 * a text field, version 2 with the Course picker (From List and By ID give the ID; By Slug and a course
 * URL the slug); the identifier not given is looked up.
 */
export async function courseIdentifiers(context: IExecuteSingleFunctions): Promise<IDataObject> {
	const { reference, label } = namedCourse(context);
	return await bothCourseIdentifiers(context, reference, label);
}
