import type { IExecuteFunctions, IRunExecutionData } from 'n8n-workflow';

export type ExecutionOutcome = 'succeeded' | 'failed' | 'unknown';

/**
 * How an execution ended, judged as n8n judges it when it answers a webhook "When Last Node
 * Finishes" (packages/cli/src/webhooks/webhook-helpers.ts): failed when the run has an error or its
 * last node ended in one.
 */
export function outcomeOf(data: IRunExecutionData): ExecutionOutcome {
	const result = data.resultData;
	if (!result) return 'unknown';
	if (result.error) return 'failed';
	const lastNode = result.lastNodeExecuted;
	const lastRuns = lastNode ? result.runData?.[lastNode] : undefined;
	if (lastRuns?.length && lastRuns[lastRuns.length - 1]?.error) return 'failed';
	return lastNode ? 'succeeded' : 'unknown';
}

/**
 * When n8n did not keep the execution, its settings say which outcome it drops: n8n deletes an
 * execution at its end only when "Save successful production executions" (for a success) or "Save
 * failed production executions" (for a failure) is off. Failed ones are kept unless that is turned
 * off explicitly (n8n's default keeps both), so a missing execution is taken as a success unless
 * the workflow keeps successes and drops failures.
 */
function outcomeOfDeleted(settings: Record<string, unknown>): ExecutionOutcome {
	const keepsSuccesses = settings.saveDataSuccessExecution === 'all';
	const dropsFailures = settings.saveDataErrorExecution === 'none';
	return keepsSuccesses && dropsFailures ? 'failed' : 'succeeded';
}

/**
 * The outcome of the execution `context` runs in, read once it has ended. n8n's handlers that save
 * the execution run before the ones a node registers with `onExecutionFinish`, so the saved run is
 * the final one.
 */
export async function ownExecutionOutcome(context: IExecuteFunctions): Promise<ExecutionOutcome> {
	const executionId = context.getExecutionId();
	if (typeof context.getExecutionDataById !== 'function' || !executionId) return 'unknown';
	const data = await context.getExecutionDataById(executionId);
	if (!data) return outcomeOfDeleted((context.getWorkflowSettings() ?? {}) as Record<string, unknown>);
	return outcomeOf(data);
}
