import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { courseIdentifiers } from '../../transport/courseIdentifier';
import { courseNotFoundHint } from '../../transport/errorHints';
import { booleanOption, optionsCollection, textField } from '../../transport/fields';
import { courseLocator } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { optionValue } from '../../transport/parameters';
import { fromVersion2, inVersion1 } from '../../transport/versions';

export const getCourseProgress: AcademyOceanOperation = {
	value: 'getForCourse',
	name: 'Get for Course',
	action: "Get learners' progress in a course",
	description: 'Each learner of a course with start, completion, time spent and score',
	definition: {
		action: 'learnersProgressByCourse',
		paged: true,
		output: {
			kind: 'list',
			// The answer is [{ learners: [...] }], one page of learners.
			records: (body) =>
				Array.isArray(body) ? body.flatMap((page) => (page as { learners?: unknown[] })?.learners ?? []) : [],
		},
		async options(this: IExecuteSingleFunctions) {
			// The reference marks both course_id and course_slug "required": the one not given is looked up.
			const course = await courseIdentifiers(this);
			const showNotStarted = optionValue(this, 'showNotStarted');
			return showNotStarted === undefined ? course : { ...course, show_not_started_learners: showNotStarted };
		},
	},
	fields: [
		inVersion1({
			displayName: 'Identify Course By',
			name: 'identifyCourseBy',
			type: 'options',
			default: 'id',
			options: [
				{ name: 'ID', value: 'id' },
				{ name: 'Slug', value: 'slug' },
			],
		}),
		inVersion1({
			...textField('courseId', 'Course ID', "From the course settings, field 'API, Course ID'"),
			displayOptions: { show: { identifyCourseBy: ['id'] } },
		}),
		inVersion1({
			...textField('courseSlug', 'Course Slug', "From the course settings, field 'Course URL'"),
			displayOptions: { show: { identifyCourseBy: ['slug'] } },
		}),
		fromVersion2(courseLocator({ name: 'course', displayName: 'Course', description: "The course whose learners' progress to get" })),
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		optionsCollection([
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 100,
				description: 'How many learners to request per page',
			},
			booleanOption('showNotStarted', 'Show Not Started Learners', 'Whether to include learners who have not started the course'),
		]),
	],
	errorHint: courseNotFoundHint('Course', 'course', 'courseId', 'courseSlug'),
};
