import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Any failure of one item as the node error n8n shows, tagged with the item. */
export function itemNodeError(context: IExecuteSingleFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex: context.getItemIndex() });
}

/**
 * With "Continue On Fail", the failed item's output: the message in `json.error` (what n8n's own
 * nodes output), the error itself, and the pairing with its input item. RoutingNode's own error
 * items carry neither the message nor the pairing.
 */
export function failedItem(context: IExecuteSingleFunctions, error: unknown): INodeExecutionData[] {
	const nodeError = itemNodeError(context, error);
	if (!context.continueOnFail()) throw nodeError;
	return [{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: context.getItemIndex() } }];
}
