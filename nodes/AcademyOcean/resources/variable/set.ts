import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import { booleanOption, textField } from '../../transport/fields';
import { academyLocator, requiredAcademyId } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { checkedEmails, collectionEntries } from '../../transport/parameters';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

interface VariableEntry {
	email?: string;
	key?: string;
	value?: string;
	type?: number | '';
	defaultValue?: string;
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export const setVariables: AcademyOceanOperation = {
	value: 'set',
	name: 'Set',
	action: 'Set learner variables',
	description: "Set lesson variables for learners, creating variables that don't exist yet",
	definition: {
		action: 'setLessonVariables',
		output: { kind: 'single' },
		options(this: IExecuteSingleFunctions) {
			const entries = collectionEntries<VariableEntry>(this, 'variables', 'variable');
			if (!entries.length) throw invalidField(this, '"Variables" needs at least one variable to set');
			const records: Record<string, IDataObject[]> = {};
			entries.forEach((entry, index) => {
				const label = `"Variables" entry ${index + 1}`;
				const [email] = checkedEmails(this, [String(entry.email ?? '').trim()], `${label} "Email"`);
				const key = String(entry.key ?? '').trim();
				if (!SNAKE_CASE.test(key)) {
					throw invalidField(this, `${label}: "Key" must be snake_case, like some_lesson_variable, got "${key}"`);
				}
				const record: IDataObject = { key, value: String(entry.value ?? '') };
				if (entry.type !== undefined && entry.type !== '') record.type = Number(entry.type);
				if (entry.defaultValue) record.default_value = entry.defaultValue;
				(records[email] ??= []).push(record);
			});
			const options: IDataObject = { academy_id: requiredAcademyId(this, 'academyId', labelFor(this, 'Academy ID', 'Academy')), records };
			if (this.getNodeParameter('inviteIfNotFound', false)) options.is_invite_learner_if_not_found = true;
			return options;
		},
	},
	fields: [
		inVersion1(textField('academyId', 'Academy ID', 'ID of the academy, from the Academy > Get Many operation')),
		fromVersion2(academyLocator({ name: 'academyId', displayName: 'Academy', description: 'The academy whose lesson variables to set' })),
		{
			displayName: 'Variables',
			name: 'variables',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Variable',
			options: [
				{
					displayName: 'Variable',
					name: 'variable',
					values: [
						{ displayName: 'Default Value', name: 'defaultValue', type: 'string', default: '', description: 'Default of a variable that does not exist yet' },
						{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Learner the value is for' },
						{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'some_lesson_variable', description: 'Variable key, in snake_case' },
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							default: '',
							description: 'Type of a variable that does not exist yet',
							options: [
								{ name: 'HTML', value: 3 },
								{ name: 'Keep / Default', value: '' },
								{ name: 'Markdown String', value: 4 },
								{ name: 'Number', value: 2 },
								{ name: 'Paragraph', value: 1 },
								{ name: 'String', value: 0 },
							],
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		booleanOption('inviteIfNotFound', 'Invite Unknown Learners', 'Whether to invite an email that is not a learner yet; the variables apply once the invite is used'),
	],
};
