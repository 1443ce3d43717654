import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { emailField, optionsCollection, textField } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { optionValue, requiredEmail, requiredText, textList } from '../../transport/parameters';

/**
 * The reference's redirect rules: course slug (optionally with a lesson or quiz slug) and
 * course_id + content_id are two separate ways that must not be mixed; none means the courses page.
 */
function redirectTarget(context: IExecuteSingleFunctions): IDataObject {
	switch (context.getNodeParameter('redirectTo', 'coursesPage')) {
		case 'courseBySlug':
			return { course: requiredText(context, 'courseSlug', 'Course Slug') };
		case 'contentBySlug': {
			const course = requiredText(context, 'courseSlug', 'Course Slug');
			const contentSlug = requiredText(context, 'contentSlug', 'Content Slug');
			return { course, [String(context.getNodeParameter('contentType', 'lesson'))]: contentSlug };
		}
		case 'courseById':
			return { course_id: requiredText(context, 'courseId', 'Course ID') };
		case 'contentById':
			return {
				course_id: requiredText(context, 'courseId', 'Course ID'),
				content_id: requiredText(context, 'contentId', 'Content ID'),
			};
		default:
			return {};
	}
}

export const createLoginLink: AcademyOceanOperation = {
	value: 'createLoginLink',
	name: 'Create Login Link',
	action: 'Create a one-time login link',
	description: 'Create a one-time link that signs a learner in (registering them if needed)',
	definition: {
		action: 'createLoginToken',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const options: IDataObject = {
				academy_id: requiredText(this, 'academyId', 'Academy ID'),
				email: requiredEmail(this, 'email', 'Email'),
			};
			for (const [parameter, apiName] of [
				['firstName', 'first_name'],
				['lastName', 'last_name'],
			]) {
				const value = String(optionValue(this, parameter) ?? '').trim();
				if (value) options[apiName] = value;
			}
			const ignorePrivacy = optionValue(this, 'ignorePrivacyMode');
			if (ignorePrivacy !== undefined) options.ignore_academy_privacy_mode = ignorePrivacy;
			const teams = textList(optionValue(this, 'teams'));
			if (teams.length) options.teams = teams;
			return { ...options, ...redirectTarget(this) };
		},
	},
	fields: [
		textField('academyId', 'Academy ID', 'ID of the academy, from the Academy > Get Many operation'),
		emailField('email', 'Email', 'Email of the learner the link signs in'),
		{
			displayName: 'Redirect To',
			name: 'redirectTo',
			type: 'options',
			default: 'coursesPage',
			options: [
				{ name: 'Course (by ID)', value: 'courseById' },
				{ name: 'Course (by Slug)', value: 'courseBySlug' },
				{ name: 'Courses Page', value: 'coursesPage' },
				{ name: 'Lesson or Quiz (by ID)', value: 'contentById' },
				{ name: 'Lesson or Quiz (by Slug)', value: 'contentBySlug', description: 'Needs a course with non-linear passing' },
			],
			description: 'Where the learner lands after signing in',
		},
		{
			...textField('courseSlug', 'Course Slug', "From the course settings, field 'Course URL'"),
			displayOptions: { show: { redirectTo: ['courseBySlug', 'contentBySlug'] } },
		},
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'options',
			default: 'lesson',
			options: [
				{ name: 'Lesson', value: 'lesson' },
				{ name: 'Quiz', value: 'quiz' },
			],
			displayOptions: { show: { redirectTo: ['contentBySlug'] } },
		},
		{
			...textField('contentSlug', 'Content Slug', "From the lesson or quiz edit pop-up, field 'Lesson URL' or 'Quiz URL'"),
			displayOptions: { show: { redirectTo: ['contentBySlug'] } },
		},
		{
			...textField('courseId', 'Course ID', "From the course settings, field 'Api Id'"),
			displayOptions: { show: { redirectTo: ['courseById', 'contentById'] } },
		},
		{
			...textField('contentId', 'Content ID', "From the lesson or quiz edit pop-up, field 'Api Id'"),
			displayOptions: { show: { redirectTo: ['contentById'] } },
		},
		optionsCollection([
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{
				displayName: 'Ignore Academy Privacy Mode',
				name: 'ignorePrivacyMode',
				type: 'boolean',
				default: true,
				description: 'Whether the link works even when the academy is private',
			},
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'Team IDs',
				name: 'teams',
				type: 'string',
				default: '',
				description: 'Teams to add the learner to, separated by commas',
			},
		]),
	],
};
