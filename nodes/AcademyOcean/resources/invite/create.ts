import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import { booleanOption } from '../../transport/fields';
import { teamsField } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { REFERENCE_TRUE, checkedEmails, collectionEntries, textList } from '../../transport/parameters';
import { fromVersion2, inVersion1 } from '../../transport/versions';

interface InviteEntry {
	email?: string;
	name?: string;
	type?: string;
	teams?: string | string[];
}

const v1TeamsField: INodeProperties = {
	displayName: 'Team IDs',
	name: 'teams',
	type: 'string',
	default: '',
	description: 'Teams to invite into, separated by commas',
};

/** The invitees collection, with the teams input of the node version. */
function invitees(teams: INodeProperties): INodeProperties {
	return {
		displayName: 'Invitees',
		name: 'invitees',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Invitee',
		options: [
			{
				displayName: 'Invitee',
				name: 'invitee',
				values: [
					{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'learner',
						options: [
							{ name: 'Learner', value: 'learner' },
							{ name: 'Manager', value: 'manager' },
						],
					},
					teams,
				],
			},
		],
	};
}

const LEARNER_TYPES = ['learner', 'manager'];

export const createInvites: AcademyOceanOperation = {
	value: 'create',
	name: 'Create',
	action: 'Invite learners',
	description: 'Invite learners (or managers) to a private academy, optionally into teams',
	definition: {
		action: 'inviteLearners',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const entries = collectionEntries<InviteEntry>(this, 'invitees', 'invitee');
			if (!entries.length) throw invalidField(this, '"Invitees" needs at least one learner to invite');
			const learners = entries.map((entry, index) => {
				const label = `"Invitees" entry ${index + 1}`;
				const name = String(entry.name ?? '').trim();
				if (!name) throw invalidField(this, `${label}: "Name" is required`);
				const type = String(entry.type ?? 'learner');
				if (!LEARNER_TYPES.includes(type)) throw invalidField(this, `${label}: "Type" must be learner or manager, got "${type}"`);
				const [email] = checkedEmails(this, [String(entry.email ?? '').trim()], `${label} "Email"`);
				const teams = textList(entry.teams);
				return teams.length ? { email, name, type, teams } : { email, name, type };
			});
			return this.getNodeParameter('sendEmail', false) ? { learners, is_send_email: REFERENCE_TRUE } : { learners };
		},
	},
	fields: [
		inVersion1(invitees(v1TeamsField)),
		fromVersion2(invitees(teamsField('teams', 'Teams to invite into', false))),
		booleanOption('sendEmail', 'Send Invitation Email', 'Whether AcademyOcean emails the invitation to each invitee'),
	],
};
