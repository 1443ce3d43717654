import type { INodeProperties } from 'n8n-workflow';

import {
	courseRecordExternalActivityFields,
	courseRecordExternalActivityRouting,
} from './recordExternalActivity';

export const courseDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['course'] } },
		options: [
			{
				name: 'Record External Activity',
				value: 'recordExternalActivity',
				action: 'Record course external activity',
				description:
					'Record an external activity completion against a course, optionally granting awards and an external certificate',
				routing: courseRecordExternalActivityRouting,
			},
		],
		default: 'recordExternalActivity',
	},
	...courseRecordExternalActivityFields,
];
