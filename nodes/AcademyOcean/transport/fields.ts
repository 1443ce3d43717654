import type { INodeProperties } from 'n8n-workflow';

export function emailField(name: string, displayName: string, description?: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description,
	};
}

export function emailsField(name: string, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		placeholder: 'ada@example.com, grace@example.com',
		default: '',
		required: true,
		description: `${description}. Separate several with commas, or use an expression that returns a list.`,
	};
}

export function idsField(name: string, displayName: string, description: string, required = true): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required,
		description: `${description}. Separate several with commas, or use an expression that returns a list.`,
	};
}

export function textField(name: string, displayName: string, description: string, placeholder?: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', required: true, description, placeholder };
}

/** A boolean that is off unless the user turns it on. */
export function booleanOption(name: string, displayName: string, description: string): INodeProperties {
	return { displayName, name, type: 'boolean', default: false, description };
}

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/**
 * The API's comparison operators. Option values name them instead of being the symbols, because
 * n8n reads any parameter value that starts with "=" as an expression: "=" itself arrived empty.
 */
export const OPERATOR_SYMBOLS: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=', ne: '<>' };

export const comparisonOperator: INodeProperties = {
	displayName: 'Operator',
	name: 'operator',
	type: 'options',
	default: 'eq',
	options: [
		{ name: 'Equal To', value: 'eq' },
		{ name: 'Greater Than', value: 'gt' },
		{ name: 'Greater Than or Equal To', value: 'gte' },
		{ name: 'Less Than', value: 'lt' },
		{ name: 'Less Than or Equal To', value: 'lte' },
		{ name: 'Not Equal To', value: 'ne' },
	],
};
