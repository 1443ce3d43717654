import { CredentialTestContext, ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { NodeHelpers, VersionedNodeType, Workflow, createEmptyRunExecutionData } from 'n8n-workflow';

import type { Engine } from './engine.ts';

/**
 * n8n's credential "Test" button, as packages/cli/src/services/credentials-tester.service.ts (n8n 2.41.1)
 * runs it, over the engine's credential store and node types:
 *
 * - the test is the credential type's `test` request, else the `testedBy` of a node that lists the
 *   credential: a function in the node's `methods.credentialTest` (called on n8n-core's
 *   CredentialTestContext) or a request;
 * - the credential data get their defaults first (`applyDefaultsAndOverwrites`);
 * - a request runs through n8n-core's RoutingNode, on a copy of n8n-nodes-base's NoOp (or of the node
 *   that named the request) whose only property `temp` carries the request as routing, in mode
 *   `internal`, with the credential passed in decrypted;
 * - the verdict: a thrown error with a response gives the first `responseCode` rule whose status
 *   matches, else the status text for any non-2xx; an error without a response its code or message; an
 *   answer is OK unless a `responseSuccessBody` rule's key has its value in the first item's json.
 */

/** n8n-nodes-base's NoOp as the tester uses it: only its description's name and version matter. */
const NO_OP: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

type TestFunction = ICredentialTestFunction | { nodeType?: INodeType; testRequest: ICredentialTestRequest };

function testFunctionOf(engine: Engine, credentialType: string): TestFunction | undefined {
	const type = engine.credentialTypes.get(credentialType);
	if (type.test) return { testRequest: type.test };
	for (const name of engine.nodeTypes.names()) {
		const node: INodeType | IVersionedNodeType = engine.nodeTypes.getByName(name);
		const versions = node instanceof VersionedNodeType ? Object.values(node.nodeVersions) : [node as INodeType];
		for (const nodeType of versions) {
			for (const { name: credentialName, testedBy } of nodeType.description.credentials ?? []) {
				if (credentialName !== credentialType || !testedBy) continue;
				if (typeof testedBy === 'string') return nodeType.methods?.credentialTest?.[testedBy];
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

async function runRequestTest(
	engine: Engine,
	credentialType: string,
	credentialsDecrypted: ICredentialsDecrypted,
	test: { nodeType?: INodeType; testRequest: ICredentialTestRequest },
): Promise<INodeCredentialTestResult> {
	const nodeType = test.nodeType ?? NO_OP;
	const version = nodeType.description.version;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: Array.isArray(version) ? version.slice(-1)[0] : version,
		position: [0, 0],
		credentials: { [credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.testRequest.request }, default: '' }],
		},
	};
	const mockNodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: (_type, versionWanted) => NodeHelpers.getVersionedNodeType(nodeTypeCopy, versionWanted),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: mockNodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'credential-test', nodes: [node], connections: {} } as never);
	const additionalData: IWorkflowExecuteAdditionalData = engine.additionalData(hooks);
	const stored = additionalData.credentialsHelper;
	// The tester hands the credential being tested to the node, not what is stored.
	additionalData.credentialsHelper = new Proxy(stored, {
		get(target, property) {
			if (property === 'getDecrypted') {
				return async (...args: Parameters<typeof stored.getDecrypted>) =>
					args[5] ? await stored.getDecrypted(...args) : (credentialsDecrypted.data ?? {});
			}
			const value = Reflect.get(target, property) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	const executeData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	let response;
	try {
		response = await new RoutingNode(context, nodeTypeCopy, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message: string };
		if (error.cause?.response) {
			const { status, statusText } = error.cause.response;
			for (const rule of test.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && status === rule.properties.value) return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}
	for (const rule of test.testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = response?.[0]?.[0]?.json as IDataObject | undefined;
		if (valueAt(json, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash `get` for the paths rules use (`errors`, `errors[0]`, `a.b`). */
function valueAt(value: unknown, path: string): unknown {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter(Boolean)
		.reduce<unknown>((current, key) => (current === null || current === undefined ? undefined : (current as Record<string, unknown>)[key]), value);
}

/** What the editor's "Test" shows for the stored credential `id`. */
export async function testCredential(engine: Engine, credentialType: string, id: string): Promise<INodeCredentialTestResult> {
	const test = testFunctionOf(engine, credentialType);
	if (test === undefined) return { status: 'Error', message: 'No testing function found for this credential.' };
	const data = await engine.credentials.getDecrypted({} as IWorkflowExecuteAdditionalData, { id, name: '' }, credentialType, 'internal');
	const credentialsDecrypted: ICredentialsDecrypted = { id, name: `${credentialType} account`, type: credentialType, data };
	if (typeof test === 'function') {
		const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { id: 'credential-test' } as never);
		return await test.call(new CredentialTestContext(engine.additionalData(hooks)), credentialsDecrypted);
	}
	return await runRequestTest(engine, credentialType, credentialsDecrypted, test);
}
