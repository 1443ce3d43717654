import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getTeams } from './methods/loadOptions';
import { searchAcademies, searchCountries, searchCourseSlugs, searchCourses, searchLearners } from './methods/listSearch';
import { academyDescription, academyOperations } from './resources/academy';
import { certificateDescription, certificateOperations } from './resources/certificate';
import { countryDescription, countryOperations } from './resources/country';
import { courseDescription, courseOperations } from './resources/course';
import { inviteDescription, inviteOperations } from './resources/invite';
import { learnerDescription, learnerOperations } from './resources/learner';
import { progressDescription, progressOperations } from './resources/progress';
import { quizDescription, quizOperations } from './resources/quiz';
import { teamDescription, teamOperations } from './resources/team';
import { variableDescription, variableOperations } from './resources/variable';
import type { ResourceEntry } from './subtitle';
import { operationSubtitle } from './subtitle';
import { CURRENT_VERSION } from './transport/versions';

const RESOURCES: ResourceEntry[] = [
	{ name: 'Academy', value: 'academy', operations: academyOperations },
	{ name: 'Certificate', value: 'certificate', operations: certificateOperations },
	{ name: 'Country Report', value: 'country', operations: countryOperations },
	{ name: 'Course', value: 'course', operations: courseOperations },
	{ name: 'Invite', value: 'invite', operations: inviteOperations },
	{ name: 'Learner', value: 'learner', operations: learnerOperations },
	{ name: 'Progress', value: 'progress', operations: progressOperations },
	{ name: 'Quiz', value: 'quiz', operations: quizOperations },
	{ name: 'Team', value: 'team', operations: teamOperations },
	{ name: 'Variable', value: 'variable', operations: variableOperations },
];

export class AcademyOcean implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AcademyOcean',
		name: 'academyOcean',
		icon: { light: 'file:../../icons/academyOcean.svg', dark: 'file:../../icons/academyOcean.dark.svg' },
		group: ['transform'],
		// 2: academies, courses, teams, learners and countries are picked from lists (1: typed as text).
		version: [1, 2],
		defaultVersion: CURRENT_VERSION,
		subtitle: operationSubtitle(RESOURCES),
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
				options: RESOURCES.map(({ name, value }) => ({ name, value })),
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

	methods = {
		listSearch: { searchAcademies, searchCourses, searchCourseSlugs, searchLearners, searchCountries },
		loadOptions: { getTeams },
	};
}
