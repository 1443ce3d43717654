import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { academyDescription } from './resources/academy';
import { certificateDescription } from './resources/certificate';
import { countryDescription } from './resources/country';
import { courseDescription } from './resources/course';
import { inviteDescription } from './resources/invite';
import { learnerDescription } from './resources/learner';
import { progressDescription } from './resources/progress';
import { quizDescription } from './resources/quiz';
import { teamDescription } from './resources/team';
import { variableDescription } from './resources/variable';

export class AcademyOcean implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AcademyOcean',
		name: 'academyOcean',
		icon: { light: 'file:../../icons/academyOcean.svg', dark: 'file:../../icons/academyOcean.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Manage learners, invites, teams, variables and reports in AcademyOcean',
		defaults: { name: 'AcademyOcean' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'academyOceanOAuth2Api', required: true }],
		requestDefaults: {
			baseURL: '={{($credentials.baseUrl || "https://app.academyocean.com").trim().replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Academy', value: 'academy' },
					{ name: 'Certificate', value: 'certificate' },
					{ name: 'Country Report', value: 'country' },
					{ name: 'Course', value: 'course' },
					{ name: 'Invite', value: 'invite' },
					{ name: 'Learner', value: 'learner' },
					{ name: 'Progress', value: 'progress' },
					{ name: 'Quiz', value: 'quiz' },
					{ name: 'Team', value: 'team' },
					{ name: 'Variable', value: 'variable' },
				],
				default: 'learner',
			},
			...academyDescription,
			...certificateDescription,
			...countryDescription,
			...courseDescription,
			...inviteDescription,
			...learnerDescription,
			...progressDescription,
			...quizDescription,
			...teamDescription,
			...variableDescription,
		],
	};
}
