import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import type { AcademyOceanOperation } from '../../transport/operation';
import { checkedEmails, collectionEntries, textList } from '../../transport/parameters';

interface LookupEntry {
	email?: string;
	names?: string | string[];
}

export const getVariables: AcademyOceanOperation = {
	value: 'get',
	name: 'Get',
	action: 'Get learner variables',
	description: 'Current values of lesson variables for one or more learners',
	definition: {
		action: 'getLearnerVariable',
		output: { kind: 'byEmail', fields: (value) => ({ variables: (value ?? {}) as never }) },
		options(this: IExecuteSingleFunctions) {
			const entries = collectionEntries<LookupEntry>(this, 'lookups', 'lookup');
			if (!entries.length) throw invalidField(this, '"Learners" needs at least one learner');
			const records: Record<string, string[]> = {};
			entries.forEach((entry, index) => {
				const label = `"Learners" entry ${index + 1}`;
				const [email] = checkedEmails(this, [String(entry.email ?? '').trim()], `${label} "Email"`);
				const names = textList(entry.names);
				if (!names.length) throw invalidField(this, `${label}: "Variable Names" needs at least one name`);
				records[email] = [...(records[email] ?? []), ...names];
			});
			return { records };
		},
	},
	fields: [
		{
			displayName: 'Learners',
			name: 'lookups',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Learner',
			options: [
				{
					displayName: 'Learner',
					name: 'lookup',
					values: [
						{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
						{ displayName: 'Variable Names', name: 'names', type: 'string', default: '', description: 'Variables to read, separated by commas' },
					],
				},
			],
		},
	],
};
