// Bounded polling for things that happen after a webhook answered (executions, calls to the fakes).
import type { Execution } from '../../scripts/n8n/api.ts';
import { environment } from './environment.ts';

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

/** Waits until the workflow has `count` finished executions, and returns them (newest first). */
export async function finishedExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<Execution[]> {
	return await waitFor(`${count} finished execution(s) of workflow ${workflowId}`, async () => {
		const executions = await environment().api.executions(workflowId, true);
		const finished = executions.filter((execution) => FINISHED.has(execution.status));
		return finished.length >= count && finished.length === executions.length ? executions : undefined;
	}, timeoutMs);
}

export async function executionCount(workflowId: string): Promise<number> {
	return (await environment().api.executions(workflowId)).length;
}

/** Holds for `ms` and fails if `probe` ever changes from its first value (nothing more happens). */
export async function staysTheSame(what: string, probe: () => Promise<unknown> | unknown, ms = 3000): Promise<void> {
	const first = JSON.stringify(await probe());
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 300));
		const now = JSON.stringify(await probe());
		if (now !== first) throw new Error(`${what} changed: ${first} -> ${now}`);
	}
}

export function errorOf(execution: Execution): string {
	return execution.data?.resultData?.error?.message ?? '';
}

/**
 * POSTs to a production webhook, retrying while n8n answers 404 "not registered": n8n finishes
 * registering a just-published workflow's webhooks after the publish call returns (and may briefly
 * re-register them). A 404 ran nothing, so retrying is safe.
 */
export async function postToWebhook(url: string, init: { headers?: Record<string, string>; body: string }): Promise<{ status: number; text: string }> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const response = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(30_000) });
		const text = await response.text();
		const unregistered = response.status === 404 && /is not registered/.test(text);
		if (!unregistered || Date.now() > deadline) return { status: response.status, text };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
