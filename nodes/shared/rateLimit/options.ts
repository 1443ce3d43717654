import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

/** Default of Max Wait on Rate Limit, in minutes. */
export const DEFAULT_MAX_WAIT_MINUTES = 10;

/**
 * The pacing options both action nodes add to their Options collection. Empty (0) Max Requests
 * per Minute means: as fast as the platform allows, learned from its answers.
 */
export const pacingOptions: INodeProperties[] = [
	{
		displayName: 'Include Pacing Details',
		name: 'includePacingDetails',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a "pacing" field to each output item: how many requests the item took, how many were answered "too many requests", and how long it waited',
	},
	{
		displayName: 'Max Requests per Minute',
		name: 'maxRequestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'Upper limit on the requests this n8n process sends with this credential, across all executions. 0 (the default) follows the limit the platform reports. In queue mode each worker paces on its own: give each worker its share.',
	},
	{
		displayName: 'Max Wait on Rate Limit',
		name: 'maxWaitOnRateLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_WAIT_MINUTES,
		description:
			'Minutes an item may wait in total when the platform answers that its rate limit is reached. Longer waits fail the item.',
	},
];

export interface PacingOptions {
	maxRequestsPerMinute: number;
	maxWaitMs: number;
	includeDetails: boolean;
}

function numberOption(options: IDataObject, name: string, fallback: number): number {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = Number(raw);
	return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** The item's pacing options (from the node's Options collection, named `options`). */
export function readPacingOptions(context: IExecuteSingleFunctions): PacingOptions {
	let options: IDataObject = {};
	try {
		options = (context.getNodeParameter('options', {}) ?? {}) as IDataObject;
	} catch {
		// An operation without an Options collection: the defaults.
	}
	return {
		maxRequestsPerMinute: numberOption(options, 'maxRequestsPerMinute', 0),
		maxWaitMs: numberOption(options, 'maxWaitOnRateLimit', DEFAULT_MAX_WAIT_MINUTES) * 60_000,
		includeDetails: options.includePacingDetails === true,
	};
}

/** Adds the pacing options to an Options collection's entries, keeping them sorted by name as n8n's editor lists them. */
export function withPacingOptions(entries: INodeProperties[]): INodeProperties[] {
	const names = new Set(entries.map((entry) => entry.name));
	return [...entries, ...pacingOptions.filter((option) => !names.has(option.name))].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	);
}
