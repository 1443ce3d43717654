import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { bothCourseIdentifiers } from '../../transport/courseIdentity';
import { booleanOption, optionsCollection, textField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { optionValue, requiredText } from '../../transport/parameters';

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
			const course =
				this.getNodeParameter('identifyCourseBy', 'id') === 'slug'
					? await bothCourseIdentifiers(this, { slug: requiredText(this, 'courseSlug', 'Course Slug') }, 'Course Slug')
					: await bothCourseIdentifiers(this, { id: requiredText(this, 'courseId', 'Course ID') }, 'Course ID');
			const showNotStarted = optionValue(this, 'showNotStarted');
			return showNotStarted === undefined ? course : { ...course, show_not_started_learners: showNotStarted };
		},
	},
	fields: [
		{
			displayName: 'Identify Course By',
			name: 'identifyCourseBy',
			type: 'options',
			default: 'id',
			options: [
				{ name: 'ID', value: 'id' },
				{ name: 'Slug', value: 'slug' },
			],
		},
		{
			...textField('courseId', 'Course ID', "From the course settings, field 'API, Course ID'"),
			displayOptions: { show: { identifyCourseBy: ['id'] } },
		},
		{
			...textField('courseSlug', 'Course Slug', "From the course settings, field 'Course URL'"),
			displayOptions: { show: { identifyCourseBy: ['slug'] } },
		},
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
};
