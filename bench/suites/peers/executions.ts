/**
 * What n8n recorded, read the cheap way: execution counts straight from its SQLite database (polled
 * while the load runs; node:sqlite opens it beside the running n8n), execution details through its
 * public API (the few the correctness check and the timing sample need).
 */
import { DatabaseSync } from 'node:sqlite';

import type { N8nApi } from '../../../scripts/n8n/api.ts';
import { sleep } from '../../lib/stats.ts';

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

export class ExecutionCounter {
	private readonly database: DatabaseSync;

	constructor(databaseFile: string) {
		this.database = new DatabaseSync(databaseFile, { readOnly: true, timeout: 30_000 });
	}

	/** Executions of the workflow: all of them, and those that have finished. */
	count(workflowId: string): { all: number; finished: number } {
		const row = this.database
			.prepare(
				`SELECT COUNT(*) AS total, SUM(CASE WHEN status IN (${FINISHED.map(() => '?').join(',')}) THEN 1 ELSE 0 END) AS done FROM execution_entity WHERE workflowId = ?`,
			)
			.get(...FINISHED, workflowId) as { total: number; done: number | null };
		return { all: row.total, finished: row.done ?? 0 };
	}

	/**
	 * Waits until the workflow has at least `finished` finished executions; resolves with the time it
	 * was seen (performance.now()), polling every `intervalMs`, or throws after `timeoutMs`.
	 */
	async waitForFinished(workflowId: string, finished: number, timeoutMs = 120_000, intervalMs = 50): Promise<number> {
		const deadline = performance.now() + timeoutMs;
		for (;;) {
			const now = performance.now();
			if (this.count(workflowId).finished >= finished) return now;
			if (now > deadline) throw new Error(`workflow ${workflowId}: ${this.count(workflowId).finished} of ${finished} executions finished after ${timeoutMs / 1000} s`);
			await sleep(intervalMs);
		}
	}

	/**
	 * Waits until every execution of the workflow has finished and no new one appeared for `quietMs`
	 * (a refused delivery starts none, an accepted one may start it after answering). Returns the count.
	 */
	async settle(workflowId: string, quietMs = 1500, timeoutMs = 60_000): Promise<number> {
		const deadline = performance.now() + timeoutMs;
		let last = this.count(workflowId);
		let stableSince = performance.now();
		for (;;) {
			await sleep(100);
			const now = this.count(workflowId);
			if (now.all !== last.all || now.finished !== now.all) stableSince = performance.now();
			last = now;
			if (performance.now() - stableSince >= quietMs) return now.all;
			if (performance.now() > deadline) throw new Error(`workflow ${workflowId} did not settle within ${timeoutMs / 1000} s`);
		}
	}

	close(): void {
		this.database.close();
	}
}

export interface ExecutionDetail {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: { resultData?: { runData?: Record<string, Array<{ executionTime?: number; data?: { main?: Array<unknown[] | null> } }>> } };
}

/** The newest `limit` executions of a workflow with their data (newest first). */
export async function executionsWithData(api: N8nApi, workflowId: string, limit: number): Promise<ExecutionDetail[]> {
	const query = new URLSearchParams({ workflowId, limit: String(limit), includeData: 'true' });
	return (await api.public<{ data: ExecutionDetail[] }>('GET', `/executions?${query}`)).data;
}

/** Whether a node ran with at least one item in its output: the workflow acted on the delivery. */
export function ranWithItems(execution: ExecutionDetail, nodeName: string): boolean {
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.some((run) => (run.data?.main ?? []).some((items) => (items?.length ?? 0) > 0));
}

/** Mean time per node (n8n's own executionTime) and per execution, over executions with data. */
export function timingBreakdown(executions: ExecutionDetail[]): { nodes: Array<{ node: string; ms: number }>; executionMs: number } {
	const perNode = new Map<string, number[]>();
	const totals: number[] = [];
	for (const execution of executions) {
		if (execution.stoppedAt) totals.push(Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt));
		for (const [node, runs] of Object.entries(execution.data?.resultData?.runData ?? {})) {
			const ms = runs.reduce((sum, run) => sum + (run.executionTime ?? 0), 0);
			perNode.set(node, [...(perNode.get(node) ?? []), ms]);
		}
	}
	const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
	return { nodes: [...perNode].map(([node, values]) => ({ node, ms: mean(values) })), executionMs: mean(totals) };
}
