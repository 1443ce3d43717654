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

export const comparisonOperator: INodeProperties = {
	displayName: 'Operator',
	name: 'operator',
	type: 'options',
	default: '=',
	options: [
		{ name: 'Equal To', value: '=' },
		{ name: 'Greater Than', value: '>' },
		{ name: 'Greater Than or Equal To', value: '>=' },
		{ name: 'Less Than', value: '<' },
		{ name: 'Less Than or Equal To', value: '<=' },
		{ name: 'Not Equal To', value: '<>' },
	],
};
