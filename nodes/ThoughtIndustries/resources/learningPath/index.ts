import type { INodeProperties } from 'n8n-workflow';

import {
	learningPathRecordExternalActivityFields,
	learningPathRecordExternalActivityRouting,
} from './recordExternalActivity';

export const learningPathDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['learningPath'] } },
		options: [
			{
				name: 'Record External Activity',
				value: 'recordExternalActivity',
				action: 'Record learning path external activity',
				description: 'Record an external activity completion or progress status against a learning path',
				routing: learningPathRecordExternalActivityRouting,
			},
		],
		default: 'recordExternalActivity',
	},
	...learningPathRecordExternalActivityFields,
];
