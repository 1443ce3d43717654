import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { dateParameterToText } from '../../shared/validation';
import { invalidField } from './errors';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A required text parameter, trimmed; fails the item naming the field when empty. */
export function requiredText(context: IExecuteSingleFunctions, name: string, label: string): string {
	const value = String(context.getNodeParameter(name, '') ?? '').trim();
	if (!value) throw invalidField(context, `"${label}" is required`);
	return value;
}

export function requiredEmail(context: IExecuteSingleFunctions, name: string, label: string): string {
	const email = requiredText(context, name, label);
	if (!EMAIL.test(email)) throw invalidField(context, `"${label}" is not an email address: "${email}"`);
	return email;
}

/**
 * A list parameter: an expression may give an array, typed text is split on commas and new lines.
 * Blank entries are dropped; at least one entry is required.
 */
export function textList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : String(value ?? '').split(/[,\n]/);
	return entries.map((entry) => String(entry ?? '').trim()).filter(Boolean);
}

export function requiredList(context: IExecuteSingleFunctions, name: string, label: string): string[] {
	const list = textList(context.getNodeParameter(name, ''));
	if (!list.length) throw invalidField(context, `"${label}" needs at least one entry`);
	return list;
}

export function emailList(context: IExecuteSingleFunctions, name: string, label: string): string[] {
	const emails = requiredList(context, name, label);
	return checkedEmails(context, emails, label);
}

export function checkedEmails(context: IExecuteSingleFunctions, emails: string[], label: string): string[] {
	const invalid = emails.find((email) => !EMAIL.test(email));
	if (invalid !== undefined) throw invalidField(context, `"${label}" contains "${invalid}", which is not an email address`);
	return emails;
}

/** Entries of a multiple-value fixedCollection parameter. */
export function collectionEntries<T>(context: IExecuteSingleFunctions, name: string, entryName: string): T[] {
	const collection = (context.getNodeParameter(name, {}) ?? {}) as IDataObject;
	const entries = collection[entryName];
	return (Array.isArray(entries) ? entries : []) as T[];
}

/** A value of an "Options" collection, or undefined when the user did not add it. */
export function optionValue(context: IExecuteSingleFunctions, option: string): unknown {
	const options = (context.getNodeParameter('options', {}) ?? {}) as IDataObject;
	return options[option];
}

/** Copies the options the user added, renamed to the API's names; booleans stay booleans. */
export function pickOptions(context: IExecuteSingleFunctions, mapping: Record<string, string>): IDataObject {
	const picked: IDataObject = {};
	for (const [parameter, apiName] of Object.entries(mapping)) {
		const value = optionValue(context, parameter);
		if (value !== undefined && value !== '') picked[apiName] = value;
	}
	return picked;
}

const DATE_PARTS = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date for AcademyOcean's filters, which take `YYYY-MM-DD` or `YYYY-MM-DD HH:mm:ss` in UTC.
 * A value without an offset (what the editor's date picker gives) is taken as written.
 */
export function academyOceanDate(
	context: IExecuteSingleFunctions,
	raw: unknown,
	label: string,
	withTime: boolean,
): string {
	const text = dateParameterToText(raw);
	const match = DATE_PARTS.exec(text);
	if (!match || Number.isNaN(Date.parse(match[1]))) {
		throw invalidField(context, `"${label}" is not a date: "${text}"`, 'Use e.g. 2026-01-15 or 2026-01-15T08:30:00');
	}
	let [, day, time = '00:00', seconds = '00'] = match;
	if (match[4]) {
		const utc = new Date(text).toISOString();
		day = utc.slice(0, 10);
		time = utc.slice(11, 16);
		seconds = utc.slice(17, 19);
	}
	return withTime ? `${day} ${time}:${seconds}` : day;
}

/** The operator symbol the API takes; an expression may give the symbol itself or its option name. */
export function comparisonSymbol(context: IExecuteSingleFunctions, symbols: Record<string, string>): string {
	const value = String(context.getNodeParameter('operator', 'eq') ?? '').trim();
	const symbol = symbols[value] ?? (Object.values(symbols).includes(value) ? value : undefined);
	if (!symbol) {
		throw invalidField(context, `"Operator" must be one of ${Object.values(symbols).join(' ')}, got "${value}"`);
	}
	return symbol;
}

/**
 * How a flag the reference types as "string True/False" (is_send_email, is_delete_users) is sent
 * when it is on: the text "True", not the 1 a PHP boolean becomes. When it is off it is left out
 * rather than sent as "False": both flags are optional (absent means off), and a server that casts
 * the field to a PHP boolean would read any non-empty text, "False" included, as true.
 */
export const REFERENCE_TRUE = 'True';
