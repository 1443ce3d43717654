import type { IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { existingRunOf } from './nodeRun';

/**
 * postReceive, first in a paced operation's list: notes the platform's answer (status, headers,
 * body) for the item's request in flight, so the pacer can read the rate-limit headers of every
 * answer, and the retry logic the status of answers the node's own postReceive turns into errors.
 * Passes the items on unchanged.
 */
export async function observeResponse(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const run = existingRunOf(this);
	const index = this.getItemIndex();
	if (run?.observed.has(index)) {
		run.observed.set(index, { status: response.statusCode, headers: response.headers, body: response.body });
	}
	return items;
}
