import { createHash } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_REMEMBERED = 5000;

/** Deliveries accepted by this process, for retries that arrive while the first is in flight. */
const acceptedInProcess = new Map<string, number>();

function forgetOldest(seen: Record<string, number> | Map<string, number>, now: number): void {
	const entries = seen instanceof Map ? [...seen.entries()] : Object.entries(seen);
	const remove = (key: string) => (seen instanceof Map ? seen.delete(key) : delete seen[key]);
	for (const [key, at] of entries) if (now - at > RETENTION_MS) remove(key);
	const kept = entries.filter(([, at]) => now - at <= RETENTION_MS).sort((a, b) => a[1] - b[1]);
	for (const [key] of kept.slice(0, Math.max(0, kept.length - MAX_REMEMBERED))) remove(key);
}

/**
 * Whether this delivery was already accepted, recording it when not.
 *
 * n8n's own de-duplication store (`checkProcessedAndRecord`) is offered only to nodes that
 * execute, not to webhook handlers, and the handler must decide before an execution exists.
 * Workflow static data is what a webhook handler can persist: n8n loads it from the database
 * for every webhook request and saves it afterwards, so it survives restarts and is shared by
 * every main and webhook process. Two processes receiving the same retry within the same
 * instant could both accept it; the in-process map closes that window within one process.
 */
export function isDuplicateDelivery(context: IWebhookFunctions, deliveryId: string, now = Date.now()): boolean {
	const key = createHash('sha256').update(deliveryId).digest('hex').slice(0, 32);
	const staticData = context.getWorkflowStaticData('node') as IDataObject;
	const seen = (staticData.acceptedDeliveries ?? {}) as Record<string, number>;
	const processKey = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${key}`;
	if (seen[key] !== undefined || acceptedInProcess.has(processKey)) return true;

	seen[key] = now;
	forgetOldest(seen, now);
	staticData.acceptedDeliveries = seen;
	acceptedInProcess.set(processKey, now);
	forgetOldest(acceptedInProcess, now);
	return false;
}

export function forgetAcceptedDeliveriesInProcess(): void {
	acceptedInProcess.clear();
}
