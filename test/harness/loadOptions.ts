import { ExecutionLifecycleHooks, LoadOptionsContext } from 'n8n-core';
import type {
	ILoadOptionsFunctions,
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import type { Engine } from './engine.ts';

export interface PickerNode {
	type: string;
	typeVersion: number;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
}

/**
 * Runs a node's `listSearch` or `loadOptions` method the way n8n's editor has it run
 * (DynamicNodeParametersService): a workflow holding only the node, n8n-core's LoadOptionsContext
 * over it, the method called with the typed filter and the pagination token.
 */
export class Pickers {
	private readonly engine: Engine;

	constructor(engine: Engine) {
		this.engine = engine;
	}

	private context(node: PickerNode, path: string): ILoadOptionsFunctions {
		const nodeType = this.engine.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const parameters = NodeHelpers.getNodeParameters(nodeType.description.properties, node.parameters, true, false, null, null);
		const workflowNode: INode = {
			id: 'picker-node',
			name: 'Picker Node',
			type: node.type,
			typeVersion: node.typeVersion,
			position: [0, 0],
			parameters: parameters ?? {},
			credentials: node.credentials,
		};
		const workflow = new Workflow({
			id: 'picker-workflow',
			nodes: [workflowNode],
			connections: {},
			active: false,
			nodeTypes: this.engine.nodeTypes,
		});
		const hooks = new ExecutionLifecycleHooks('manual', 'picker', { id: 'picker-workflow' } as never);
		// As DynamicNodeParametersController does: getCurrentNodeParameter reads the parameters the editor sent.
		const additionalData = { ...this.engine.additionalData(hooks), currentNodeParameters: node.parameters };
		return new LoadOptionsContext(workflow, workflowNode, additionalData, path);
	}

	async search(node: PickerNode, method: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const nodeType = this.engine.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const search = nodeType.methods?.listSearch?.[method];
		if (!search) throw new Error(`${node.type} has no listSearch method ${method}`);
		return await search.call(this.context(node, ''), filter, paginationToken);
	}

	async options(node: PickerNode, method: string): Promise<INodePropertyOptions[]> {
		const nodeType = this.engine.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const load = nodeType.methods?.loadOptions?.[method];
		if (!load) throw new Error(`${node.type} has no loadOptions method ${method}`);
		return await load.call(this.context(node, ''));
	}
}
