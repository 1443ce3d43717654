import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { dateParameterToText, isIso8601, isUuid } from '../../../shared/validation';
import type { ActivityAttributesBuilder } from '../../activityRequest';
import { invalidField } from '../../activityRequest';
import { recordActivityRouting } from '../../activityRouting';
import { requestOptionsField } from '../../optionsField';

const show = { resource: ['course'], operation: ['recordExternalActivity'] };

interface AwardEntry {
	awardTypeId?: string;
	amount?: number;
}

interface TranscriptFieldEntry {
	label?: string;
	value?: string;
}

function text(context: IExecuteSingleFunctions, name: string): string {
	return String(context.getNodeParameter(name, '') ?? '').trim();
}

export const buildCourseActivity: ActivityAttributesBuilder = function (this: IExecuteSingleFunctions) {
	const attributes: IDataObject = {};

	if (this.getNodeParameter('courseIdentifier', 'id') === 'sku') {
		const courseSku = text(this, 'courseSku');
		if (!courseSku) throw invalidField(this, 'courseSku or courseId is required: "Course SKU" is empty');
		attributes.courseSku = courseSku;
	} else {
		const courseId = text(this, 'courseId');
		if (!courseId) throw invalidField(this, 'courseSku or courseId is required: "Course ID" is empty');
		if (!isUuid(courseId)) {
			throw invalidField(
				this,
				`courseId must be a UUID: "Course ID" is "${courseId}"`,
				'Use the course UUID (e.g. 123e4567-e89b-12d3-a456-426614174000), or identify the course by SKU',
			);
		}
		attributes.courseId = courseId;
	}

	if (this.getNodeParameter('learnerIdentifier', 'email') === 'id') {
		const userId = text(this, 'userId');
		if (!userId) throw invalidField(this, 'userId or userEmail is required: "Learner ID" is empty');
		attributes.userId = userId;
	} else {
		const userEmail = text(this, 'userEmail');
		if (!userEmail) throw invalidField(this, 'userId or userEmail is required: "Learner Email" is empty');
		attributes.userEmail = userEmail;
	}

	const additional = this.getNodeParameter('additionalFields', {}) as IDataObject;
	if (additional.completionDate !== undefined && additional.completionDate !== '') {
		const completionDate = dateParameterToText(additional.completionDate);
		if (!isIso8601(completionDate)) {
			throw invalidField(
				this,
				`invalid completionDate. please use ISO 8601 format: "Completion Date" is "${completionDate}"`,
				'Use e.g. 2026-01-15T00:00:00.000Z',
			);
		}
		attributes.completionDate = completionDate;
	}

	const awards = ((additional.awards as IDataObject | undefined)?.award ?? []) as AwardEntry[];
	if (awards.length) {
		attributes.awards = awards.map((award, index) => {
			const awardTypeId = String(award.awardTypeId ?? '').trim();
			if (!awardTypeId) throw invalidField(this, `"Awards" entry ${index + 1}: "Award Type ID" is empty`);
			const amount = Number(award.amount);
			if (!Number.isFinite(amount) || amount <= 0) {
				throw invalidField(this, `"Awards" entry ${index + 1}: "Amount" must be a number above 0`);
			}
			return { awardTypeId, amount };
		});
	}

	const transcriptFields = ((additional.transcriptFields as IDataObject | undefined)?.field ??
		[]) as TranscriptFieldEntry[];
	if (transcriptFields.length) {
		attributes.transcriptFields = transcriptFields.map((field, index) => {
			const label = String(field.label ?? '').trim();
			if (!label) throw invalidField(this, `"Transcript Fields" entry ${index + 1}: "Label" is empty`);
			return { label, value: String(field.value ?? '') };
		});
	}

	const certificateUrl = String(additional.certificateUrl ?? '').trim();
	if (certificateUrl) {
		if (!/^https?:\/\/\S+$/i.test(certificateUrl)) {
			throw invalidField(this, `"Certificate URL" must be an http(s) URL, got "${certificateUrl}"`);
		}
		if (!transcriptFields.length) {
			// The API silently ignores certificateUrl without transcriptFields; say so instead of losing it.
			throw invalidField(
				this,
				'"Certificate URL" is only applied together with "Transcript Fields": add at least one transcript field',
			);
		}
		attributes.certificateUrl = certificateUrl;
	}

	return attributes;
};

export const courseRecordExternalActivityFields: INodeProperties[] = [
	{
		displayName: 'Identify Course By',
		name: 'courseIdentifier',
		type: 'options',
		default: 'id',
		displayOptions: { show },
		options: [
			{ name: 'Course ID', value: 'id', description: 'The course UUID' },
			{ name: 'Course SKU', value: 'sku' },
		],
	},
	{
		displayName: 'Course ID',
		name: 'courseId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
		description: 'UUID of the course in Thought Industries',
		hint: 'A UUID (36 characters with dashes); a course known by its SKU: set Identify Course By to Course SKU',
		displayOptions: { show: { ...show, courseIdentifier: ['id'] } },
	},
	{
		displayName: 'Course SKU',
		name: 'courseSku',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ONBOARDING-101',
		description: 'SKU of the course, as set on the course in Thought Industries',
		displayOptions: { show: { ...show, courseIdentifier: ['sku'] } },
	},
	{
		displayName: 'Identify Learner By',
		name: 'learnerIdentifier',
		type: 'options',
		default: 'email',
		displayOptions: { show },
		options: [
			{ name: 'Learner Email', value: 'email' },
			{ name: 'Learner ID', value: 'id' },
		],
	},
	{
		displayName: 'Learner Email',
		name: 'userEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'Email of the learner in Thought Industries',
		displayOptions: { show: { ...show, learnerIdentifier: ['email'] } },
	},
	{
		displayName: 'Learner ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
		description: 'ID of the learner in Thought Industries',
		displayOptions: { show: { ...show, learnerIdentifier: ['id'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Awards',
				name: 'awards',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Award',
				description: 'Award-claiming entries to grant the learner upon completion',
				options: [
					{
						displayName: 'Award',
						name: 'award',
						values: [
							{
								displayName: 'Award Type ID',
								name: 'awardTypeId',
								type: 'string',
								default: '',
								description: 'ID of the award type to grant',
							},
							{
								displayName: 'Amount',
								name: 'amount',
								type: 'number',
								typeOptions: { minValue: 0 },
								default: 1,
								description: 'How much of the award to grant',
							},
						],
					},
				],
			},
			{
				displayName: 'Certificate URL',
				name: 'certificateUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/certificates/123.pdf',
				description:
					'External certificate URL. Thought Industries applies it only together with Transcript Fields and when external certificate uploads are enabled.',
			},
			{
				displayName: 'Completion Date',
				name: 'completionDate',
				type: 'dateTime',
				default: '',
				description: 'When the external activity was completed (ISO 8601)',
			},
			{
				displayName: 'Transcript Fields',
				name: 'transcriptFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Transcript Field',
				description: 'Transcript fields for the external certificate',
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{ displayName: 'Label', name: 'label', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
		],
	},
	requestOptionsField('course'),
];

export const courseRecordExternalActivityRouting = recordActivityRouting('/incoming/v2/courseExternalActivity', buildCourseActivity, 'course');
