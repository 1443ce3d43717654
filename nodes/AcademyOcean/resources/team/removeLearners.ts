import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import type { AcademyOceanOperation } from '../../transport/operation';
import { checkedEmails, collectionEntries, textList } from '../../transport/parameters';

interface RemovalEntry {
	email?: string;
	teams?: string | string[];
}

export const removeLearnersFromTeams: AcademyOceanOperation = {
	value: 'removeLearners',
	name: 'Remove Learners',
	action: 'Remove learners from teams',
	description: 'Remove learners (or their invitations) from teams',
	definition: {
		action: 'removeLearnersFromTeams',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const entries = collectionEntries<RemovalEntry>(this, 'removals', 'removal');
			if (!entries.length) throw invalidField(this, '"Learners" needs at least one learner to remove');
			const learners = entries.map((entry, index) => {
				const label = `"Learners" entry ${index + 1}`;
				const [email] = checkedEmails(this, [String(entry.email ?? '').trim()], `${label} "Email"`);
				const teams = textList(entry.teams);
				if (!teams.length) throw invalidField(this, `${label}: "Team IDs" needs at least one team`);
				return { email, teams };
			});
			return { learners };
		},
	},
	fields: [
		{
			displayName: 'Learners',
			name: 'removals',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Learner',
			options: [
				{
					displayName: 'Learner',
					name: 'removal',
					values: [
						{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
						{ displayName: 'Team IDs', name: 'teams', type: 'string', default: '', description: 'Teams to remove the learner from, separated by commas' },
					],
				},
			],
		},
	],
};
