import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { booleanOption, optionsCollection } from '../../transport/fields';
import type { AcademyOceanOperation } from '../../transport/operation';
import { checkedEmails, pickOptions } from '../../transport/parameters';

export const getManyLearners: AcademyOceanOperation = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many learners',
	description: 'List the learners of the academy, optionally one by email',
	definition: {
		action: 'learners',
		output: { kind: 'list' },
		options(this: IExecuteSingleFunctions) {
			const options: IDataObject = pickOptions(this, { includeAcademy: 'with_academy', includeTeams: 'with_teams' });
			const email = String((this.getNodeParameter('filters.email', '') as string) ?? '').trim();
			if (email) options.email = checkedEmails(this, [email], 'Email')[0];
			return options;
		},
	},
	fields: [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Only the learner with this email' },
			],
		},
		optionsCollection([
			booleanOption('includeAcademy', 'Include Academy', 'Whether to add the ID and name of the academy each learner is registered in'),
			booleanOption('includeTeams', 'Include Teams', 'Whether to add the IDs and names of the teams each learner is a member of'),
		]),
	],
};
