import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { courseNotFoundHint } from '../../transport/errorHints';
import { emailField, optionsCollection, textField } from '../../transport/fields';
import {
	academyLocator,
	courseIdLocator,
	courseSlugLocator,
	learnerLocator,
	requiredAcademyId,
	requiredCourse,
	requiredCourseSlug,
	requiredLearnerEmail,
	teamsField,
} from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { optionValue, requiredText, textList } from '../../transport/parameters';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

/**
 * The reference's redirect rules: course slug (optionally with a lesson or quiz slug) and
 * course_id + content_id are two separate ways that must not be mixed; none means the courses page.
 */
function redirectTarget(context: IExecuteSingleFunctions): IDataObject {
	switch (context.getNodeParameter('redirectTo', 'coursesPage')) {
		case 'courseBySlug':
			return { course: requiredCourseSlug(context, 'courseSlug', labelFor(context, 'Course Slug', 'Course')) };
		case 'contentBySlug': {
			const course = requiredCourseSlug(context, 'courseSlug', labelFor(context, 'Course Slug', 'Course'));
			const contentSlug = requiredText(context, 'contentSlug', 'Content Slug');
			return { course, [String(context.getNodeParameter('contentType', 'lesson'))]: contentSlug };
		}
		case 'courseById':
			return { course_id: requiredCourse(context, 'courseId', labelFor(context, 'Course ID', 'Course')).value };
		case 'contentById':
			return {
				course_id: requiredCourse(context, 'courseId', labelFor(context, 'Course ID', 'Course')).value,
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
				academy_id: requiredAcademyId(this, 'academyId', labelFor(this, 'Academy ID', 'Academy')),
				email: requiredLearnerEmail(this, 'email', labelFor(this, 'Email', 'Learner')),
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
		inVersion1(textField('academyId', 'Academy ID', 'ID of the academy, from the Academy > Get Many operation')),
		fromVersion2(academyLocator({ name: 'academyId', displayName: 'Academy', description: 'The academy the link signs in to' })),
		inVersion1(emailField('email', 'Email', 'Email of the learner the link signs in')),
		fromVersion2(
			learnerLocator({
				name: 'email',
				displayName: 'Learner',
				description: 'The learner the link signs in; an email that is not a learner yet registers one (use By Email)',
			}),
		),
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
		inVersion1({
			...textField('courseSlug', 'Course Slug', "From the course settings, field 'Course URL'"),
			displayOptions: { show: { redirectTo: ['courseBySlug', 'contentBySlug'] } },
		}),
		fromVersion2({
			...courseSlugLocator({ name: 'courseSlug', displayName: 'Course', description: 'The course to land in (sent by its slug)' }),
			displayOptions: { show: { redirectTo: ['courseBySlug', 'contentBySlug'] } },
		}),
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
		inVersion1({
			...textField('courseId', 'Course ID', "From the course settings, field 'Api Id'"),
			displayOptions: { show: { redirectTo: ['courseById', 'contentById'] } },
		}),
		fromVersion2({
			...courseIdLocator({ name: 'courseId', displayName: 'Course', description: 'The course or group to land in (sent by its ID)' }),
			displayOptions: { show: { redirectTo: ['courseById', 'contentById'] } },
		}),
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
			inVersion1({
				displayName: 'Team IDs',
				name: 'teams',
				type: 'string',
				default: '',
				description: 'Teams to add the learner to, separated by commas',
			}),
			fromVersion2(teamsField('teams', 'Teams to add the learner to', false)),
		]),
	],
	errorHint: courseNotFoundHint('Course', 'courseSlug', 'courseId'),
};
