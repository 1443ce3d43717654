// What n8n 2.41.1's editor does to a node's parameters, for tests that cannot run the editor (a Vue
// bundle). Transcribed from packages/frontend/editor-ui (checked against the installed editor-ui bundle):
// - a value set in the node's panel: useNodeSettingsParameters().updateNodeParameter, which runs
//   ndv.utils' updateParameterByPath and removeMismatchedOptionValues between two getNodeParameters;
// - an entry picked in the node panel: the node is added with its defaults, then
//   workflowDocument.setLastNodeParameters(getActionData(entry)) merges the entry's values.
// The browser suite (test/ui) checks the same behaviour in the real editor.
import type { INode, INodeParameters, INodeTypeDescription, NodeParameterValueType } from 'n8n-workflow';
import { NodeHelpers, isINodePropertiesList, isINodePropertyCollectionList, isINodePropertyOptionsList } from 'n8n-workflow';

export interface EditorNode {
	typeVersion: number;
	parameters: INodeParameters;
}

function asNode(node: EditorNode): INode {
	return { id: 'editor-node', name: 'Editor Node', type: 'editor', position: [0, 0], ...node };
}

/**
 * ndv.utils removeMismatchedOptionValues: after `updated` changed, a parameter whose display depends
 * on it, that has static options, that is shown now, and whose value is not one of its options is
 * unset. (A multi-select's array is compared with each option's single value, so it is never "one of
 * its options": the editor unsets any such multi-select.)
 */
function removeMismatchedOptionValues(description: INodeTypeDescription, typeVersion: number, values: INodeParameters, updated: string) {
	for (const property of description.properties) {
		const { displayOptions, options } = property;
		if (!Object.prototype.hasOwnProperty.call(values, property.name) || !displayOptions || !options) continue;
		if (displayOptions.show?.[updated] === undefined && displayOptions.hide?.[updated] === undefined) continue;
		let valid = true;
		if (isINodePropertyCollectionList(options) || isINodePropertiesList(options)) {
			valid = Object.keys(values).every((key) => options.find((option) => option.name === key) !== undefined);
		} else if (isINodePropertyOptionsList(options)) {
			valid = options.some((option) => option.value === values[property.name]);
		}
		if (!valid && NodeHelpers.displayParameter(values, property, { typeVersion } as INode, description)) delete values[property.name];
	}
}

/** The node's parameters after the builder sets the top-level parameter `name` to `value` in its panel. */
export function setParameter(description: INodeTypeDescription, node: EditorNode, name: string, value: NodeParameterValueType): EditorNode {
	const workflowNode = asNode(node);
	const parameters = structuredClone(
		NodeHelpers.getNodeParameters(description.properties, node.parameters, false, false, workflowNode, description) ?? {},
	);
	if (value === undefined) delete parameters[name];
	else parameters[name] = value;
	removeMismatchedOptionValues(description, node.typeVersion, parameters, name);
	const updated = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, workflowNode, description) ?? {};
	return { typeVersion: node.typeVersion, parameters: updated };
}

/** A node added from a node-panel entry whose values (with its Source preset) are `entryValues`. */
export function addFromPanel(description: INodeTypeDescription, typeVersion: number, entryValues: INodeParameters): EditorNode {
	const workflowNode = asNode({ typeVersion, parameters: {} });
	const defaults = NodeHelpers.getNodeParameters(description.properties, {}, true, false, workflowNode, description) ?? {};
	const withDefaults: INode = { ...workflowNode, parameters: defaults };
	const preset = NodeHelpers.getNodeParameters(description.properties, entryValues, true, false, withDefaults, description) ?? {};
	return { typeVersion, parameters: { ...defaults, ...preset } };
}
