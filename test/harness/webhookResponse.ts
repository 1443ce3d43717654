// How n8n 2.41.1 answers a production webhook that started an execution, per response mode
// (packages/cli/src/webhooks/webhook-helpers.ts `executeWebhook`, webhook-on-received-response-extractor.ts,
// webhook-last-node-response-extractor.ts): "onReceived" answers once WorkflowRunner.run has created
// and started the execution, "lastNode" once the execution has finished, from its last node.
import type { INode, IRun, IWebhookDescription, IWebhookResponseData, Workflow } from 'n8n-workflow';

export type ResponseMode = 'onReceived' | 'lastNode';

export interface WebhookAnswer {
	status: number;
	/** undefined: an empty body. */
	body: unknown;
}

/** The webhook description's responseMode and responseData, evaluated for `node` as n8n's WebhookExecutionContext does. */
export function responseOptions(workflow: Workflow, node: INode, description: IWebhookDescription): { responseMode: ResponseMode; responseData: unknown } {
	const responseMode = workflow.expression.getSimpleParameterValue(node, description.responseMode as string | undefined, 'webhook', {}, undefined, 'onReceived');
	const responseData = workflow.expression.getComplexParameterValue(node, description.responseData as string | undefined, 'webhook', {}, undefined, 'firstEntryJson');
	if (responseMode !== 'onReceived' && responseMode !== 'lastNode') throw new Error(`response mode ${String(responseMode)} is not modelled`);
	return { responseMode, responseData };
}

/** `extractWebhookOnReceivedResponse`. */
export function onReceivedAnswer(responseData: unknown, result: IWebhookResponseData): WebhookAnswer {
	if (responseData === 'noData') return { status: 200, body: undefined };
	if (responseData) return { status: 200, body: responseData };
	return { status: 200, body: result.webhookResponse ?? { message: 'Workflow was started' } };
}

/** The "lastNode" branch of `executeWebhook` with `extractWebhookLastNodeResponse`. */
export function lastNodeAnswer(responseData: unknown, run: IRun): WebhookAnswer {
	const { resultData } = run.data;
	const lastNode = resultData.lastNodeExecuted;
	const lastRuns = lastNode ? resultData.runData[lastNode] : undefined;
	const lastTask = lastRuns?.[lastRuns.length - 1];
	if (resultData.error || lastTask?.error !== undefined) return { status: 500, body: { message: 'Error in workflow' } };
	if (lastTask === undefined) return { status: 200, body: { message: 'Workflow executed successfully but the last node did not return any data' } };
	if (responseData === 'noData') return { status: 200, body: undefined };
	const firstBranch = lastTask.data?.main?.[0] ?? [];
	if (responseData === 'firstEntryJson') {
		if (!firstBranch.length) return { status: 500, body: { code: 0, message: 'No item to return was found' } };
		return { status: 200, body: firstBranch[0].json };
	}
	return { status: 200, body: firstBranch.map((item) => item.json) };
}
