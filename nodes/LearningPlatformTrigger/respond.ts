import type { IDataObject, INodeProperties, IWebhookDescription } from 'n8n-workflow';

/** n8n's own response modes, named as n8n's Webhook node names them. */
export type RespondMode = 'onReceived' | 'lastNode';

/**
 * Version 2 (which also brought the Canvas host list into the set-up, issue 12; unreleased, like the
 * whole package, so one new version carries both) answers by default only once the workflow has
 * succeeded, so that a delivery whose execution failed or was cut short is sent again by the platform.
 * Version 1 keeps answering at once, as it always did, so that workflows saved with it behave as before.
 */
export const CURRENT_VERSION = 2;

const respondOptions: INodeProperties['options'] = [
	{
		name: 'Immediately',
		value: 'onReceived',
		description:
			'As soon as the delivery is verified and its execution starts. A delivery whose execution then fails or is cut short by a crash is not sent again.',
	},
	{
		name: 'When Last Node Finishes',
		value: 'lastNode',
		description:
			'Only once the workflow has succeeded: the platform sends a delivery again when its execution failed or was cut short by a crash',
	},
];

const respond = (defaultMode: RespondMode, versions: Array<number | { _cnd: { gte: number } }>): INodeProperties => ({
	displayName: 'Respond',
	name: 'respond',
	type: 'options',
	noDataExpression: true,
	options: respondOptions,
	default: defaultMode,
	description: 'When the platform gets its 2xx answer. See "Delivery guarantees" in the package README.',
	displayOptions: { show: { '@version': versions } },
});

export const respondProperties: INodeProperties[] = [
	respond('onReceived', [1]),
	respond('lastNode', [{ _cnd: { gte: CURRENT_VERSION } }]),
];

/**
 * How n8n answers, read from the node's parameter like its Webhook node does. With "When Last
 * Node Finishes" the body is empty: what the workflow produced is none of the platform's business.
 */
export const respondWebhook: Pick<IWebhookDescription, 'responseMode' | 'responseData'> = {
	responseMode: '={{$parameter["respond"]}}',
	// Empty for "Immediately": n8n then answers with the webhookResponse the node returns ({"received":true}).
	responseData: '={{$parameter["respond"] === "lastNode" ? "noData" : ""}}',
};

/** The claim-timeout option, in seconds, under the trigger's Options. */
export const runningDeliveryTimeoutOption: INodeProperties = {
	displayName: 'Running Delivery Timeout (Seconds)',
	name: 'runningDeliveryTimeout',
	type: 'number',
	typeOptions: { minValue: 5, maxValue: 86400 },
	default: 300,
	description:
		'While the execution of a delivery runs, a retry of it does not run again, for at most this long. After a crash the next retry after this time runs it again. Keep it longer than the workflow takes.',
};

export const DEFAULT_RUNNING_DELIVERY_TIMEOUT_SECONDS = 300;

export function runningDeliveryTimeoutMs(options: IDataObject): number {
	const seconds = Number(options.runningDeliveryTimeout ?? DEFAULT_RUNNING_DELIVERY_TIMEOUT_SECONDS);
	return Math.max(5, Number.isFinite(seconds) ? seconds : DEFAULT_RUNNING_DELIVERY_TIMEOUT_SECONDS) * 1000;
}
