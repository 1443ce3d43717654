import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { Engine } from './engine.ts';
import { readWebhookBody } from './webhookBody.ts';
import type { WebhookAnswer } from './webhookResponse.ts';
import { lastNodeAnswer, onReceivedAnswer, responseOptions } from './webhookResponse.ts';

export interface WebhookNodeUnderTest {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	/** The node's version as saved in the workflow (default 1). */
	typeVersion?: number;
	/** `webhook`: the production URL of an active workflow (default); `manual`: the editor's test URL. */
	mode?: 'webhook' | 'manual';
	/** Nodes after the trigger, each connected to the one before (registered node types). */
	downstream?: Array<{ type: string; name?: string; parameters?: INodeParameters }>;
	/** Work the node leaves running after its executions ended (awaited by `idle()`). */
	background?: () => Promise<void>;
}

/** What one delivery did: the HTTP answer, and the items of the execution it started, if any. */
export interface Delivery {
	status: number;
	body: unknown;
	/** What the trigger handed to the rest of the workflow in the execution it started, if any. */
	started: INodeExecutionData[][] | undefined;
	/** False when n8n answered before the node ran (a body it could not parse). */
	nodeRan: boolean;
	/** The node threw: n8n answered 500 and started an execution that fails on the trigger. */
	failed?: boolean;
	/** How the execution it started ended (n8n's execution status), once it has. */
	executionStatus?: IRun['status'];
	/** The started execution's id, as n8n-core's hooks know it. */
	executionId?: string;
	/**
	 * The node answered through the response object but did not return `noWebhookResponse: true`: n8n's
	 * webhook-helpers.ts then calls its response callback with the default answer as well, and Express
	 * throws ERR_HTTP_HEADERS_SENT in n8n's process. The platform got the node's answer; n8n logs an error.
	 */
	answeredTwice?: boolean;
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

/**
 * Serves one trigger node's webhook on 127.0.0.1 the way n8n's live webhook handler does:
 * every request gets a WebhookContext from n8n-core with the real request (raw body kept),
 * the node writes the real response or hands back workflow data, and workflow static data is
 * loaded before and saved after each request, as n8n does with its database.
 */
export class WebhookServer {
	/** Time between the node's answer and n8n's save of static data (the execution is created in between). */
	static persistLatencyMs = 5;

	readonly deliveries: Delivery[] = [];
	/** What the node logged through `this.logger`, so tests can check that no secret reaches the log. */
	readonly logs: Array<{ level: string; message: string }> = [];
	readonly engine: Engine;
	private readonly server: Server;
	private readonly node: INode;
	private readonly downstream: INode[];
	private readonly background?: () => Promise<void>;
	/** Executions started by deliveries and not finished yet ("Immediately" answers before they end). */
	private readonly running = new Set<Promise<unknown>>();
	/** The workflow's static data column: empty (NULL) until something is saved. */
	private savedStaticData: IDataObject | undefined;
	private executionCounter = 0;
	private static workflowCounter = 0;
	/** Each server stands for its own saved workflow: n8n's processed-data store is kept per workflow. */
	private readonly workflowId = `webhook-workflow-${++WebhookServer.workflowCounter}`;
	private readonly mode: 'webhook' | 'manual';
	private restoreLogger?: () => void;
	private baseUrl = '';

	constructor(engine: Engine, node: WebhookNodeUnderTest) {
		this.engine = engine;
		this.mode = node.mode ?? 'webhook';
		this.background = node.background;
		this.node = {
			id: 'trigger-under-test',
			name: 'Trigger Under Test',
			type: node.type,
			typeVersion: node.typeVersion ?? 1,
			position: [0, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			webhookId: 'b0f7c7a4-4b0e-4c43-9d35-0c4b9d1d8f00',
		};
		this.downstream = (node.downstream ?? []).map((next, index) => ({
			id: `downstream-${index}`,
			name: next.name ?? `Downstream ${index + 1}`,
			type: next.type,
			typeVersion: 1,
			position: [200 * (index + 1), 0],
			parameters: next.parameters ?? {},
		}));
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
		this.restoreLogger?.();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** The saved workflow: the trigger and the nodes after it, over the given static data. */
	workflow(staticData: IDataObject | undefined = this.loadStaticData()): Workflow {
		return new Workflow({
			id: this.workflowId,
			nodes: [this.node, ...this.downstream],
			connections: this.connections(),
			active: true,
			nodeTypes: this.engine.nodeTypes,
			staticData,
		});
	}

	private connections(): IConnections {
		const chain = [this.node, ...this.downstream];
		return Object.fromEntries(chain.slice(0, -1).map((from, index) => [from.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }]));
	}

	/** Resolves once every execution started so far has finished, with the work the node left running after it. */
	async idle(): Promise<void> {
		while (this.running.size) await Promise.allSettled([...this.running]);
		await this.background?.();
	}

	get workflowIdUnderTest(): string {
		return this.workflowId;
	}

	/** A fresh copy of the saved static data, as each load from n8n's database gives. */
	private loadStaticData(): IDataObject | undefined {
		return this.savedStaticData === undefined ? undefined : structuredClone(this.savedStaticData);
	}

	/** Static data as n8n's database save leaves it: a JSON round trip of the observing proxy. */
	private save(staticData: IDataObject): void {
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		delete saved.__dataChanged;
		this.savedStaticData = saved;
	}

	/**
	 * The execution a delivery starts, as n8n's WorkflowExecute runs it on the Workflow its runner
	 * made over static data loaded from the database again: the trigger first on the stack with the
	 * items its webhook returned, and static data saved after the execution only if a node changed
	 * it and the mode is not manual. Returns the run and what the trigger passed on.
	 */
	private async execute(workflow: Workflow, items: INodeExecutionData[][], executionId: string): Promise<{ run: IRun; started: INodeExecutionData[][] }> {
		const hooks = new ExecutionLifecycleHooks(this.mode, executionId, {
			id: workflow.id,
			name: 'Webhook workflow',
			nodes: [this.node, ...this.downstream],
			connections: this.connections(),
		} as never);
		const { run, newStaticData } = await this.engine.execute(workflow, this.node, items, hooks);
		if (this.mode !== 'manual' && newStaticData) this.save(newStaticData);
		const task = run.data.resultData.runData[this.node.name]?.[0];
		return { run, started: (task?.data?.main ?? []).map((output) => output ?? []) };
	}

	/**
	 * Empties the workflow's saved static data, standing in for a save of an older copy by another
	 * n8n process (static data is saved whole, last writer wins).
	 */
	loseStaticData(): void {
		this.savedStaticData = undefined;
	}

	/** The static data n8n has in its database for this workflow. */
	get storedStaticData(): IDataObject {
		return structuredClone(this.savedStaticData ?? {});
	}

	get nodeUnderTest(): INode {
		return this.node;
	}

	/**
	 * Keeps every message of n8n's logger in `logs` while this server runs (the logger is one
	 * instance for the process, which the node reaches through `this.logger`); it still logs.
	 */
	private recordLogs(context: WebhookContext): void {
		if (this.restoreLogger) return;
		const logger = context.logger;
		const originals = (['error', 'warn', 'info', 'debug'] as const).map((level) => [level, logger[level]] as const);
		for (const [level, original] of originals) {
			logger[level] = (message: string, meta?: Parameters<typeof original>[1]) => {
				this.logs.push({ level, message: meta ? `${message} ${JSON.stringify(meta)}` : message });
				original.call(logger, message, meta);
			};
		}
		this.restoreLogger = () => {
			for (const [level, original] of originals) logger[level] = original;
		};
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const expressRes = expressResponse(response);
		// n8n's body handling before the node runs: inflation, size limit, BOM, parsing (webhookBody.ts).
		const read = await readWebhookBody(request);
		if ('answer' in read) {
			expressRes.status(read.status).json(read.answer);
			this.deliveries.push({ status: read.status, body: undefined, started: undefined, nodeRan: false });
			return;
		}
		const { rawBody, body } = read;
		const expressRequest = {
			method: request.method,
			url: request.url,
			headers: request.headers,
			query: {},
			params: {},
			body,
			rawBody,
		};

		const staticData = this.loadStaticData();
		const workflow = this.workflow(staticData);
		const hooks = new ExecutionLifecycleHooks(this.mode, 'webhook', { id: workflow.id } as never);
		const additionalData = this.engine.additionalData(hooks);
		additionalData.httpRequest = expressRequest as never;
		additionalData.httpResponse = expressRes as never;
		const nodeType = this.engine.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion);
		const description = { ...nodeType.description.webhooks?.[0], name: 'default', httpMethod: 'POST', path: 'webhook' } as IWebhookDescription;
		const webhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: description,
			workflowId: workflow.id,
			isTest: this.mode === 'manual',
		} as unknown as IWebhookData;
		const context = new WebhookContext(workflow, this.node, additionalData, this.mode, webhookData, [], null);
		this.recordLogs(context);
		const { responseMode, responseData } = responseOptions(workflow, workflow.nodes[this.node.name], description);

		let result: IWebhookResponseData;
		try {
			result = await (nodeType.webhook as (this: WebhookContext) => Promise<IWebhookResponseData>).call(context);
		} catch (error) {
			// n8n answers 500 and still starts an execution, which fails on the trigger's error.
			if (!response.headersSent) expressRes.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			this.deliveries.push({ status: 500, body: { error: (error as Error).message }, started: [[{ json: {} }]], nodeRan: true, failed: true });
			return;
		}
		let executionWorkflow: Workflow | undefined;
		if (result.workflowData) {
			// What n8n 2.41's WorkflowRunner.run does before the request's static data is saved (seen in
			// its source and by logging a real instance): establishContextForPersistence builds a Workflow
			// over the request's static data object, which resets its change flag, so what webhook()
			// changed is not saved (unless the workflow had no static data yet, then the request's Workflow
			// made an object of its own); prepareNewExecution loads the static data again for the execution.
			if (staticData) this.workflow(staticData);
			executionWorkflow = this.workflow(this.loadStaticData());
		}
		// Requests handled at the same time all read the static data as it was before any of them.
		await new Promise((resolve) => setTimeout(resolve, WebhookServer.persistLatencyMs));
		// live-webhooks.js saves the request's static data in its response callback if its flag is set.
		if (this.mode === 'webhook' && (workflow.staticData as IDataObject).__dataChanged === true) this.save(workflow.staticData);

		const delivery: Delivery = { status: 0, body: undefined, started: undefined, nodeRan: true };
		this.deliveries.push(delivery);
		const answer = (answered: WebhookAnswer) => {
			if (response.headersSent) return;
			delivery.status = answered.status;
			delivery.body = answered.body;
			if (answered.body === undefined) expressRes.status(answered.status).end();
			else expressRes.status(answered.status).json(answered.body);
		};
		if (response.headersSent && !result.noWebhookResponse) delivery.answeredTwice = true;
		if (!executionWorkflow || !result.workflowData) {
			if (result.noWebhookResponse || response.headersSent) delivery.status = expressRes.statusCode;
			else answer({ status: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } });
			return;
		}
		if (result.noWebhookResponse || response.headersSent) delivery.status = expressRes.statusCode;

		// WorkflowRunner.run creates the execution and starts it; "onReceived" is answered right then.
		delivery.executionId = `webhook-execution-${++this.executionCounter}`;
		const execution = this.execute(executionWorkflow, result.workflowData, delivery.executionId).then(({ run, started }) => {
			delivery.started = started;
			delivery.executionStatus = run.status;
			return run;
		});
		const tracked = execution.catch(() => undefined).finally(() => this.running.delete(tracked));
		this.running.add(tracked);
		if (responseMode === 'onReceived') {
			answer(onReceivedAnswer(responseData, result));
			await tracked;
			return;
		}
		try {
			answer(lastNodeAnswer(responseData, await execution));
		} catch (error) {
			answer({ status: 500, body: { code: 0, message: 'There was a problem executing the workflow', hint: (error as Error).message } });
		}
	}
}
