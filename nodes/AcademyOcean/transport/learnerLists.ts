import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { invalidField } from './errors';
import { checkedEmails, collectionEntries, textList } from './parameters';

/** A repeatable "email + list" entry, e.g. a learner and the quiz IDs to report on. */
export interface LearnerListsField {
	/** Parameter name of the fixed collection, and of one entry in it. */
	name: string;
	entryName: string;
	displayName: string;
	/** The list in each entry. */
	listName: string;
	listDisplayName: string;
	listDescription: string;
	/** The list's input when it is not comma-separated text (e.g. a multi-select of teams). */
	listField?: INodeProperties;
}

export function learnerListsField(field: LearnerListsField): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Learner',
		options: [
			{
				displayName: 'Learner',
				name: field.entryName,
				values: [
					{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
					field.listField ?? {
						displayName: field.listDisplayName,
						name: field.listName,
						type: 'string',
						default: '',
						description: `${field.listDescription}, separated by commas`,
					},
				],
			},
		],
	};
}

/** Each entry's email and list, checked; fails the item naming the entry and field. */
export function learnerLists(
	context: IExecuteSingleFunctions,
	field: LearnerListsField,
): Array<{ email: string; values: string[] }> {
	const entries = collectionEntries<Record<string, string | string[] | undefined>>(context, field.name, field.entryName);
	if (!entries.length) throw invalidField(context, `"${field.displayName}" needs at least one learner`);
	return entries.map((entry, index) => {
		const label = `"${field.displayName}" entry ${index + 1}`;
		const [email] = checkedEmails(context, [String(entry.email ?? '').trim()], `${label} "Email"`);
		const values = textList(entry[field.listName]);
		if (!values.length) throw invalidField(context, `${label}: "${field.listDisplayName}" needs at least one entry`);
		return { email, values };
	});
}

/** `records[email][] = value`, merging entries of the same email, as the keyed actions take it. */
export function recordsByEmail(lists: Array<{ email: string; values: string[] }>): Record<string, string[]> {
	const records: Record<string, string[]> = {};
	for (const { email, values } of lists) records[email] = [...(records[email] ?? []), ...values];
	return records;
}
