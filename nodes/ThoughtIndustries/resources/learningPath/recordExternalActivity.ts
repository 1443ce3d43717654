import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { dateParameterToText, isIso8601 } from '../../../shared/validation';
import type { ActivityAttributesBuilder } from '../../activityRequest';
import { invalidField } from '../../activityRequest';
import { recordActivityRouting } from '../../activityRouting';
import { requestOptionsField } from '../../optionsField';

const show = { resource: ['learningPath'], operation: ['recordExternalActivity'] };

const STATUSES = ['not-started', 'completed', 'started', 'not-completed'];

function dateField(
	context: IExecuteSingleFunctions,
	name: 'completionDate' | 'timeStampDate',
): string | undefined {
	const raw = context.getNodeParameter(name, '');
	if (raw === undefined || raw === null || raw === '') return undefined;
	return dateParameterToText(raw);
}

export const buildLearningPathActivity: ActivityAttributesBuilder = function (
	this: IExecuteSingleFunctions,
) {
	const userId = String(this.getNodeParameter('userId', '') ?? '').trim();
	if (!userId) throw invalidField(this, 'userId is required: "Learner ID" is empty');
	const learningPathId = String(this.getNodeParameter('learningPathId', '') ?? '').trim();
	if (!learningPathId) throw invalidField(this, 'learningPathId is required: "Learning Path ID" is empty');

	const status = String(this.getNodeParameter('status', 'completed') ?? '').trim();
	if (!STATUSES.includes(status)) {
		throw invalidField(this, `invalid status: "Status" is "${status}"`, `Use one of: ${STATUSES.join(', ')}`);
	}

	const attributes: IDataObject = { userId, learningPathId, status };
	const completionDate = dateField(this, 'completionDate');
	const timeStampDate = dateField(this, 'timeStampDate');

	if (completionDate !== undefined) {
		if (status !== 'completed') {
			throw invalidField(
				this,
				`completion date cannot be passed with non-completed status: "Completion Date" is set while "Status" is "${status}"`,
				'Use "Timestamp Date" for a non-completed status',
			);
		}
		if (!isIso8601(completionDate)) {
			throw invalidField(
				this,
				`invalid completionDate. please use ISO 8601 format: "Completion Date" is "${completionDate}"`,
			);
		}
		attributes.completionDate = completionDate;
	}
	if (timeStampDate !== undefined) {
		if (status === 'completed') {
			throw invalidField(
				this,
				'timestamp date cannot be passed with completed status or no status: "Timestamp Date" is set while "Status" is "completed"',
				'Use "Completion Date" for the completed status',
			);
		}
		if (!isIso8601(timeStampDate)) {
			throw invalidField(
				this,
				`invalid timestampDate. please use ISO 8601 format: "Timestamp Date" is "${timeStampDate}"`,
			);
		}
		attributes.timeStampDate = timeStampDate;
	}
	return attributes;
};

export const learningPathRecordExternalActivityFields: INodeProperties[] = [
	{
		displayName: 'Learner ID',
		name: 'userId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
		description: 'ID of the learner to credit, in Thought Industries',
		displayOptions: { show },
	},
	{
		displayName: 'Learning Path ID',
		name: 'learningPathId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 223e4567-e89b-12d3-a456-426614174000',
		description: 'ID of the learning path in Thought Industries',
		displayOptions: { show },
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'completed',
		displayOptions: { show },
		options: [
			{ name: 'Completed', value: 'completed' },
			{ name: 'Not Completed', value: 'not-completed' },
			{ name: 'Not Started', value: 'not-started' },
			{ name: 'Started', value: 'started' },
		],
	},
	{
		displayName: 'Completion Date',
		name: 'completionDate',
		type: 'dateTime',
		default: '',
		description: 'When the learning path was completed (ISO 8601). Only valid with the completed status.',
		displayOptions: { show: { ...show, status: ['completed'] } },
	},
	{
		displayName: 'Timestamp Date',
		name: 'timeStampDate',
		type: 'dateTime',
		default: '',
		description: 'When the progress happened (ISO 8601). Only valid with a non-completed status.',
		displayOptions: { show: { ...show, status: ['not-completed', 'not-started', 'started'] } },
	},
	requestOptionsField('learningPath'),
];

export const learningPathRecordExternalActivityRouting = recordActivityRouting('/incoming/v2/learningPathExternalActivity', buildLearningPathActivity, 'learningPath');
