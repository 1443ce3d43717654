import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeCredentials, INodeParameters, IWebhookData, IWebhookResponseData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { Engine } from '../../test/harness/engine.ts';

export interface Delivered {
	status: number;
	started: boolean;
}

/** The part of Express's response a trigger's webhook() uses, recording the status it set. */
function responseStub() {
	const stub = {
		statusCode: 200,
		headersSent: false,
		status(code: number) {
			stub.statusCode = code;
			return stub;
		},
		setHeader() {
			return stub;
		},
		json() {
			stub.headersSent = true;
			return stub;
		},
		send() {
			stub.headersSent = true;
			return stub;
		},
		end() {
			stub.headersSent = true;
			return stub;
		},
	};
	return stub;
}

/**
 * Calls a trigger node's webhook() the way n8n's live webhook handler does — a new n8n-core
 * WebhookContext per request over the request object n8n builds (headers, parsed body, raw body) —
 * without HTTP, so a benchmark measures the handler itself. One workflow object is kept, so its
 * static data (the trigger's de-duplication record) carries from one delivery to the next.
 */
export class WebhookDriver {
	private readonly engine: Engine;
	private readonly node: INode;
	private readonly workflow: Workflow;
	private readonly webhookData: IWebhookData;

	constructor(engine: Engine, node: { type: string; parameters: INodeParameters; credentials?: INodeCredentials }) {
		this.engine = engine;
		this.node = {
			id: 'bench-trigger',
			name: 'Trigger',
			type: node.type,
			typeVersion: 1,
			position: [0, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			webhookId: '6f9d3b6e-2f44-4d7e-9a53-bench0000001',
		};
		this.workflow = new Workflow({
			id: 'bench-webhook-workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: engine.nodeTypes,
			staticData: {},
		});
		this.webhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook', responseMode: 'onReceived' },
			workflowId: this.workflow.id,
		} as unknown as IWebhookData;
	}

	async deliver(rawBody: Buffer, headers: Record<string, string>, body: IDataObject = {}): Promise<Delivered> {
		const hooks = new ExecutionLifecycleHooks('webhook', 'webhook', { id: this.workflow.id } as never);
		const additionalData = this.engine.additionalData(hooks);
		const response = responseStub();
		additionalData.httpRequest = { method: 'POST', url: '/webhook', headers, query: {}, params: {}, body, rawBody } as never;
		additionalData.httpResponse = response as never;
		const context = new WebhookContext(this.workflow, this.node, additionalData, 'webhook', this.webhookData, [], null);
		const nodeType = this.engine.nodeTypes.getByNameAndVersion(this.node.type, 1);
		const result = await (nodeType.webhook as (this: WebhookContext) => Promise<IWebhookResponseData>).call(context);
		return { status: result.noWebhookResponse ? response.statusCode : 200, started: result.workflowData !== undefined };
	}
}
