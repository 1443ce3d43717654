import { createHash } from 'node:crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_REMEMBERED = 5000;

/** Deliveries accepted by this process, for retries that arrive while the first is in flight. */
const acceptedInProcess = new Map<string, number>();

/** Trimming goes down to this many, so that it happens once per few hundred deliveries, not on each. */
const TRIMMED_SIZE = Math.floor(MAX_REMEMBERED * 0.9);

/** Once over MAX_REMEMBERED, drops deliveries older than the retention, then the oldest. */
function trim(seen: Record<string, number> | Map<string, number>, now: number): void {
	const size = seen instanceof Map ? seen.size : Object.keys(seen).length;
	if (size <= MAX_REMEMBERED) return;
	const entries = seen instanceof Map ? [...seen.entries()] : Object.entries(seen);
	const remove = (key: string) => (seen instanceof Map ? seen.delete(key) : delete seen[key]);
	for (const [key, at] of entries) if (now - at > RETENTION_MS) remove(key);
	const kept = entries.filter(([, at]) => now - at <= RETENTION_MS).sort((a, b) => a[1] - b[1]);
	for (const [key] of kept.slice(0, Math.max(0, kept.length - TRIMMED_SIZE))) remove(key);
}

/**
 * Whether this delivery was already accepted by this trigger, recording it when not.
 *
 * n8n's de-duplication store (`checkProcessedAndRecord`, backed by its database) is offered only
 * to executing nodes (IExecuteFunctions, ISupplyDataFunctions), not to webhook handlers, and the
 * handler must decide before an execution exists. What a webhook handler can persist is workflow
 * static data: for a production webhook n8n loads it from the database with the workflow on every
 * request and saves it after answering, so the record survives restarts and is seen by every main
 * and webhook process. Its limits: each request saves the whole static data, so two deliveries
 * handled at the same moment by different processes can both be accepted (and one's record can
 * overwrite the other's); the in-process map closes that window within one process.
 *
 * Test deliveries (the editor's "listen for test event") are never de-duplicated: n8n does not
 * save static data for them, and a builder re-sending the same sample expects it to arrive.
 */
export function isDuplicateDelivery(context: IWebhookFunctions, deliveryId: string, now = Date.now()): boolean {
	if (context.getMode() === 'manual') return false;
	const key = createHash('sha256').update(deliveryId).digest('hex').slice(0, 32);
	const staticData = context.getWorkflowStaticData('node') as IDataObject;
	const seen = (staticData.acceptedDeliveries ?? {}) as Record<string, number>;
	const processKey = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${key}`;
	if (seen[key] !== undefined || acceptedInProcess.has(processKey)) return true;

	seen[key] = now;
	trim(seen, now);
	staticData.acceptedDeliveries = seen;
	acceptedInProcess.set(processKey, now);
	trim(acceptedInProcess, now);
	return false;
}

/** Forgets what this process accepted, as a restart does (the record in static data stays). */
export function forgetAcceptedDeliveriesInProcess(): void {
	acceptedInProcess.clear();
}
