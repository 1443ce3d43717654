import type { INodeProperties } from 'n8n-workflow';

import type { ActionDefinition } from './action';
import { actionRouting } from './action';
import type { ErrorHint } from './errorHints';
import { withErrorHint } from './errorHints';

/** One AcademyOcean API action as an n8n operation. Fields carry no displayOptions for resource/operation: they are added here. */
export interface AcademyOceanOperation {
	value: string;
	name: string;
	action: string;
	description: string;
	definition: ActionDefinition;
	fields?: INodeProperties[];
	/** Added to the API's error message when it points at a field the builder can fix. */
	errorHint?: ErrorHint;
}

function shownFor(resource: string, operation: string, field: INodeProperties): INodeProperties {
	return {
		...field,
		displayOptions: {
			...field.displayOptions,
			show: { resource: [resource], operation: [operation], ...field.displayOptions?.show },
		},
	};
}

/** The operation selector and every operation's fields for one resource. */
export function resourceProperties(
	resource: string,
	operations: AcademyOceanOperation[],
	defaultOperation: string,
): INodeProperties[] {
	const sorted = [...operations].sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: sorted.map((operation) => ({
				name: operation.name,
				value: operation.value,
				action: operation.action,
				description: operation.description,
				routing: withErrorHint(actionRouting(operation.definition), operation.errorHint),
			})),
			default: defaultOperation,
		},
		...operations.flatMap((operation) =>
			(operation.fields ?? []).map((field) => shownFor(resource, operation.value, field)),
		),
	];
}
