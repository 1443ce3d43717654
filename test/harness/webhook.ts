import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IWebhookData,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { Engine } from './engine.ts';

export interface WebhookNodeUnderTest {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
}

/** What one delivery did: the HTTP answer, and the items of the execution it started, if any. */
export interface Delivery {
	status: number;
	body: unknown;
	started: INodeExecutionData[][] | undefined;
}

/** A minimal Express-like response over Node's ServerResponse: what n8n gives `getResponseObject()`. */
function expressResponse(response: ServerResponse) {
	const api = {
		statusCode: 200,
		get headersSent() {
			return response.headersSent;
		},
		status(code: number) {
			api.statusCode = code;
			return api;
		},
		setHeader(name: string, value: string) {
			response.setHeader(name, value);
			return api;
		},
		json(body: unknown) {
			response.writeHead(api.statusCode, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
			return api;
		},
		send(body: unknown) {
			response.writeHead(api.statusCode);
			response.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
			return api;
		},
		end() {
			response.writeHead(api.statusCode);
			response.end();
			return api;
		},
	};
	return api;
}

/** Parses the body the way n8n's webhook body parser does for JSON and forms; anything else stays raw only. */
function parsedBody(request: IncomingMessage, raw: Buffer): unknown {
	const type = String(request.headers['content-type'] ?? '');
	try {
		if (type.includes('application/json')) return JSON.parse(raw.toString('utf8') || '{}');
		if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	} catch {
		return {};
	}
	return {};
}

/**
 * Serves one trigger node's webhook on 127.0.0.1 the way n8n's live webhook handler does:
 * every request gets a WebhookContext from n8n-core with the real request (raw body kept),
 * the node writes the real response or hands back workflow data, and workflow static data is
 * loaded before and saved after each request, as n8n does with its database.
 */
export class WebhookServer {
	readonly deliveries: Delivery[] = [];
	readonly engine: Engine;
	private readonly server: Server;
	private readonly node: INode;
	private savedStaticData: IDataObject = {};
	private baseUrl = '';

	constructor(engine: Engine, node: WebhookNodeUnderTest) {
		this.engine = engine;
		this.node = {
			id: 'trigger-under-test',
			name: 'Trigger Under Test',
			type: node.type,
			typeVersion: 1,
			position: [0, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			webhookId: 'b0f7c7a4-4b0e-4c43-9d35-0c4b9d1d8f00',
		};
		this.server = createServer((request, response) => {
			this.handle(request, response).catch((error: Error) => {
				// A bug in the harness must fail the test at once, not leave the client waiting.
				if (!response.headersSent) response.writeHead(599, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ harnessError: error.message }));
			});
		});
	}

	get url(): string {
		return `${this.baseUrl}/webhook`;
	}

	/** Executions started so far, one entry per started execution. */
	get executions(): INodeExecutionData[][][] {
		return this.deliveries.flatMap((delivery) => (delivery.started ? [delivery.started] : []));
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Runs the node's webhookMethods.default[method] (activation checks) in n8n's HookContext. */
	workflow(): Workflow {
		return new Workflow({
			id: 'webhook-workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: this.engine.nodeTypes,
			staticData: structuredClone(this.savedStaticData),
		});
	}

	get nodeUnderTest(): INode {
		return this.node;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const expressRequest = {
			method: request.method,
			url: request.url,
			headers: request.headers,
			query: {},
			params: {},
			body: parsedBody(request, rawBody),
			rawBody,
		};
		const expressRes = expressResponse(response);

		const workflow = this.workflow();
		const hooks = new ExecutionLifecycleHooks('webhook', 'webhook', { id: workflow.id } as never);
		const additionalData = this.engine.additionalData(hooks);
		additionalData.httpRequest = expressRequest as never;
		additionalData.httpResponse = expressRes as never;
		const webhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook', responseMode: 'onReceived' },
			workflowId: workflow.id,
		} as unknown as IWebhookData;
		const context = new WebhookContext(workflow, this.node, additionalData, 'webhook', webhookData, [], null);
		const nodeType = this.engine.nodeTypes.getByNameAndVersion(this.node.type, 1);

		let result: IWebhookResponseData;
		try {
			result = await (nodeType.webhook as (this: WebhookContext) => Promise<IWebhookResponseData>).call(context);
		} catch (error) {
			this.deliveries.push({ status: 500, body: { error: (error as Error).message }, started: undefined });
			if (!response.headersSent) expressRes.status(500).json({ message: 'Error in workflow' });
			return;
		}
		// n8n saves static data after every webhook request when the node changed it.
		if ((workflow.staticData as IDataObject).__dataChanged === true) {
			// Static data is an observing proxy; a JSON round trip is what n8n's database save amounts to.
			const saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			delete saved.__dataChanged;
			this.savedStaticData = saved;
		}
		const started = result.workflowData;
		let body: unknown;
		if (!result.noWebhookResponse && !response.headersSent) {
			body = result.webhookResponse ?? (started ? { message: 'Workflow was started' } : { message: 'Webhook call received' });
			expressRes.status(200).json(body);
		}
		this.deliveries.push({ status: expressRes.statusCode, body, started });
	}
}
