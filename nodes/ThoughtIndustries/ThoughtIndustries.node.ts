import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { courseDescription } from './resources/course';
import { learningPathDescription } from './resources/learningPath';

export class ThoughtIndustries implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Thought Industries',
		name: 'thoughtIndustries',
		icon: {
			light: 'file:../../icons/thoughtIndustries.svg',
			dark: 'file:../../icons/thoughtIndustries.dark.svg',
		},
		group: ['output'],
		version: 1,
		// The display names ("Record External Activity: Learning Path"), not the internal values.
		subtitle:
			'={{ {"course": "Record External Activity: Course", "learningPath": "Record External Activity: Learning Path"}[$parameter["resource"]] ?? $parameter["operation"] }}',
		description: 'Record external learning activity for courses and learning paths in Thought Industries',
		defaults: { name: 'Thought Industries' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'thoughtIndustriesApi', required: true }],
		// No baseURL expression here: the request is sent by recordActivity, which takes the instance
		// URL from the credential (validated); an expression would be evaluated again for every item.
		requestDefaults: {
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Course', value: 'course' },
					{ name: 'Learning Path', value: 'learningPath' },
				],
				default: 'course',
			},
			...courseDescription,
			...learningPathDescription,
		],
	};
}
