// Which worker ran which execution, and scheduled workflows run on the workers of a queue-mode cluster.
// `runScheduledOnWorkers` is the building block for scheduled scenarios across workers (e.g. a 1,000-item
// Thought Industries run on each of two workers sharing one credential, to check a rate limit across
// processes): publish a workflow whose Schedule Trigger fires every few seconds, let each worker run it,
// unpublish, then read the fake platforms' counts.
import type { Execution, WorkflowJson } from '../../../scripts/n8n/api.ts';
import type { QueueCluster } from '../../../scripts/queue/cluster.ts';
import type { Topology } from './topology.ts';

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Execution ids each worker started, read from its log (`Worker started execution <id> (job <n>)`). */
export function executionsByWorker(cluster: QueueCluster): Record<string, string[]> {
	return Object.fromEntries(
		cluster.workers.map((worker) => [worker.name, [...worker.output().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1])]),
	);
}

/** The worker that ran execution `id`, if any did. */
export function workerOf(cluster: QueueCluster, id: string): string | undefined {
	return Object.entries(executionsByWorker(cluster)).find(([, ids]) => ids.includes(id))?.[0];
}

export interface ScheduledRun {
	executions: Execution[];
	/** Execution ids per worker name. */
	byWorker: Record<string, string[]>;
}

/**
 * Publishes workflow `workflowId` with its Schedule Trigger set to fire every `everySeconds` s, waits
 * until every worker has finished at least `runsPerWorker` of its executions (or `maxRuns` finished in
 * all), then unpublishes it and returns its executions and who ran them. Start the cluster with worker
 * concurrency 1 to have simultaneous runs land on different workers.
 */
export async function runScheduledOnWorkers(
	topology: Topology,
	workflowId: string,
	{ everySeconds = 2, runsPerWorker = 1, maxRuns = 20, timeoutMs = 180_000 } = {},
): Promise<ScheduledRun> {
	const { api, cluster } = topology;
	if (!cluster) throw new Error('runScheduledOnWorkers needs the queue-mode topology');
	const workflow = (await api.getWorkflow(workflowId)) as WorkflowJson & { active: boolean };
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error(`workflow ${workflowId} has no Schedule Trigger`);
	const original = structuredClone(schedule.parameters);
	schedule.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: everySeconds }] } };
	if (workflow.active) await api.unpublish(workflowId);
	await api.updateWorkflow(workflowId, workflow);
	await api.publish(workflowId);
	const deadline = Date.now() + timeoutMs;
	let executions: Execution[] = [];
	try {
		for (;;) {
			executions = (await api.executions(workflowId)).filter((execution) => FINISHED.has(execution.status));
			const ids = new Set(executions.map((execution) => execution.id));
			const perWorker = cluster.workers.map((worker) => [...worker.output().matchAll(/Worker started execution (\d+)/g)].filter((match) => ids.has(match[1])).length);
			if (perWorker.every((runs) => runs >= runsPerWorker) || executions.length >= maxRuns) break;
			if (Date.now() > deadline) throw new Error(`the scheduled workflow ran ${perWorker.join(' / ')} time(s) per worker in ${timeoutMs / 1000} s`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	} finally {
		await api.unpublish(workflowId);
		schedule.parameters = original;
		await api.updateWorkflow(workflowId, workflow);
	}
	const ids = new Set(executions.map((execution) => execution.id));
	const byWorker = Object.fromEntries(Object.entries(executionsByWorker(cluster)).map(([name, workerIds]) => [name, workerIds.filter((id) => ids.has(id))]));
	return { executions, byWorker };
}
