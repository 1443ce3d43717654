import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, InstanceSettings, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { CredentialStore } from './credentials.ts';
import { CredentialTypeRegistry, NodeTypeRegistry } from './nodeTypes.ts';
import { processedDataStore } from './processedData.ts';
import { ManualTriggerStandIn, OAuth2ApiStandIn } from './standInNodes.ts';

let instanceSettingsRegistered = false;

/** A fixed identity, so n8n-core never writes an encryption key under ~/.n8n during tests. */
function registerInstanceSettings() {
	if (instanceSettingsRegistered) return;
	Container.set(InstanceSettings, {
		instanceId: 'test-instance',
		encryptionKey: 'test-encryption-key-not-a-secret',
		n8nFolder: '/tmp/n8n-nodes-learning-platforms-test',
		staticCacheDir: '/tmp/n8n-nodes-learning-platforms-test/cache',
		instanceType: 'main',
		instanceRole: 'leader',
		hmacSignatureSecret: 'test-hmac-secret',
		isLeader: true,
	} as unknown as InstanceSettings);
	instanceSettingsRegistered = true;
}

export interface EngineOptions {
	/** Node types by the type name used in workflows, e.g. `{ thoughtIndustries: new ThoughtIndustries() }`. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentialTypes: ICredentialType[];
}

export interface NodeUnderTest {
	type: string;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	typeVersion?: number;
	/** Node settings as the editor stores them. */
	onError?: INode['onError'];
	continueOnFail?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	name?: string;
}

export interface RunResult {
	run: IRun;
	/** The output items of the node under test (first output), or [] when it produced none. */
	items: INodeExecutionData[];
	/** All outputs of the node under test. */
	outputs: INodeExecutionData[][];
	/** The node's error when the execution failed on it. */
	error: ITaskData['error'];
	status: IRun['status'];
}

export const NODE_UNDER_TEST = 'Node Under Test';

/**
 * Runs real workflows (Manual Trigger -> node under test) through n8n-core's WorkflowExecute,
 * with a credentials helper that behaves like n8n's and real HTTP from the node's helpers.
 */
export class Engine {
	readonly credentials: CredentialStore;
	readonly nodeTypes: NodeTypeRegistry;
	readonly credentialTypes: CredentialTypeRegistry;
	private executionCounter = 0;
	/** Workflow static data survives between executions of the same workflow id, as in n8n. */
	private readonly staticData = new Map<string, IDataObject>();
	/** Finished executions' run data by execution id, as n8n's database keeps it (`getExecutionDataById`). */
	readonly savedExecutions = new Map<string, IRunExecutionData>();

	constructor(options: EngineOptions) {
		registerInstanceSettings();
		processedDataStore();
		this.nodeTypes = new NodeTypeRegistry({ manualTrigger: new ManualTriggerStandIn(), ...options.nodeTypes });
		this.credentialTypes = new CredentialTypeRegistry([new OAuth2ApiStandIn(), ...options.credentialTypes]);
		this.credentials = new CredentialStore(this.credentialTypes, this.nodeTypes);
	}

	additionalData(hooks: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
		const unsupported = (what: string) => () => {
			throw new Error(`${what} is not available in the test engine`);
		};
		return {
			hooks,
			credentialsHelper: this.credentials,
			executeWorkflow: unsupported('executeWorkflow'),
			getRunExecutionData: async (executionId: string) => this.savedExecutions.get(executionId),
			startRunnerTask: unsupported('startRunnerTask'),
			logAiEvent: () => {},
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			formBaseUrl: 'http://127.0.0.1:5678/form',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
			mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
			variables: {},
			userId: 'test-user',
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	/**
	 * Runs `workflow` through n8n-core's WorkflowExecute from `startNode`, which gets `input` as its
	 * input data, as n8n runs an execution (mode and execution id from `hooks`). Resolves when the
	 * execution has finished, with the static data n8n would save (undefined when unchanged).
	 */
	async execute(
		workflow: Workflow,
		startNode: INode,
		input: INodeExecutionData[][],
		hooks: ExecutionLifecycleHooks,
	): Promise<{ run: IRun; newStaticData?: IDataObject }> {
		const finished = Promise.withResolvers<{ run: IRun; newStaticData?: IDataObject }>();
		// Registered before the execution starts, like n8n's save hook: handlers a node adds while it
		// runs (onExecutionFinish) find the execution saved.
		hooks.addHandler('workflowExecuteAfter', (run, newStaticData) => {
			this.savedExecutions.set(hooks.executionId, run.data);
			finished.resolve({ run, newStaticData });
		});
		const runExecutionData = {
			version: 1,
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: null,
				nodeExecutionStack: [{ node: startNode, data: { main: input }, source: null }],
			},
		} as unknown as IRunExecutionData;
		const additionalData = this.additionalData(hooks);
		additionalData.executionId = hooks.executionId;
		additionalData.workflowId = workflow.id;
		await new WorkflowExecute(additionalData, hooks.mode, runExecutionData).processRunExecutionData(workflow);
		return await finished.promise;
	}

	/**
	 * Runs Manual Trigger -> node under test with `items` as the trigger's output.
	 * `workflowId` scopes static data; executions of one id share it like one saved workflow.
	 */
	async run(
		node: NodeUnderTest,
		items: IDataObject[] = [{}],
		options: { mode?: WorkflowExecuteMode; workflowId?: string } = {},
	): Promise<RunResult> {
		const mode = options.mode ?? 'manual';
		const workflowId = options.workflowId ?? 'test-workflow';
		const trigger: INode = {
			id: 'trigger',
			name: 'Manual Trigger',
			type: 'manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const nodeName = node.name ?? NODE_UNDER_TEST;
		const underTest: INode = {
			id: 'under-test',
			name: nodeName,
			type: node.type,
			typeVersion: node.typeVersion ?? 1,
			position: [200, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			onError: node.onError ?? (node.continueOnFail ? 'continueRegularOutput' : undefined),
			continueOnFail: node.continueOnFail,
			retryOnFail: node.retryOnFail,
			maxTries: node.maxTries,
			waitBetweenTries: node.waitBetweenTries,
		};
		if (!this.staticData.has(workflowId)) this.staticData.set(workflowId, {});
		const workflow = new Workflow({
			id: workflowId,
			nodes: [trigger, underTest],
			connections: { [trigger.name]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: this.staticData.get(workflowId),
		});

		const executionId = String(++this.executionCounter);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, {
			id: workflowId,
			name: 'Test workflow',
			active: false,
			nodes: [trigger, underTest],
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			isArchived: false,
			activeVersionId: null,
		} as never);
		const { run } = await this.execute(workflow, trigger, [items.map((json) => ({ json }))], hooks);
		const task = run.data.resultData.runData[nodeName]?.[0];
		const outputs = (task?.data?.main ?? []).map((output: INodeExecutionData[] | null) => output ?? []);
		return { run, items: outputs[0] ?? [], outputs, error: task?.error, status: run.status };
	}
}
