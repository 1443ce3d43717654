import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

const MAX_REMEMBERED = 5000;
/** Trimming goes down to this many, so that it happens once per few hundred deliveries, not on each. */
const TRIMMED_SIZE = Math.floor(MAX_REMEMBERED * 0.9);
/**
 * Delivery keys kept in n8n's processed-data store per trigger: the same window as the static-data
 * record, whose gaps (concurrent saves, a crash before a save) it exists to close. n8n reads and
 * writes the whole row on every delivery, so it is kept no larger than that.
 */
const MAX_PROCESSED = MAX_REMEMBERED;

/**
 * The top-level item property that carries a delivery's key from `webhook()` to `execute()`. It is
 * not part of `json`, so the payload stays as sent, and `execute()` removes it before any other
 * node sees the item.
 */
export const DELIVERY_KEY_PROPERTY = 'learningPlatformDeliveryKey';

/** Deliveries accepted by this process, for retries that arrive while the first is in flight. */
const acceptedInProcess = new Map<string, number>();

interface DeliveryRecord {
	/** Delivery key -> when it was accepted (ms). */
	acceptedDeliveries?: Record<string, number>;
	/** Entries in `acceptedDeliveries`, kept so that no delivery has to count them. */
	acceptedDeliveriesCount?: number;
}

/**
 * 64 bits of the SHA-256 of the delivery id: among 5,000 remembered deliveries the chance that a new
 * one collides is about 3 in 10^16, and n8n loads and saves the record on every delivery, so its keys
 * are kept short.
 */
export function deliveryKey(deliveryId: string): string {
	return createHash('sha256').update(deliveryId).digest('hex').slice(0, 16);
}

/**
 * Drops the oldest deliveries down to TRIMMED_SIZE and returns the new count. Object keys keep
 * insertion order (these keys are never array indices) and the record only ever appends, also
 * through n8n's JSON save and load, so the first keys are the oldest: no sort is needed.
 */
function dropOldest(seen: Record<string, number>, count: number): number {
	let remaining = count;
	for (const key in seen) {
		if (remaining <= TRIMMED_SIZE) break;
		delete seen[key];
		remaining--;
	}
	return remaining;
}

/**
 * Adds keys to the trigger's record in workflow static data. The record is always assigned back
 * through the node's static data object: that is the write n8n observes, and what makes it save
 * the static data to its database.
 */
function remember(staticData: IDataObject & DeliveryRecord, keys: string[], now: number): void {
	const seen = staticData.acceptedDeliveries ?? {};
	let count = typeof staticData.acceptedDeliveriesCount === 'number' ? staticData.acceptedDeliveriesCount : Object.keys(seen).length;
	for (const key of keys) {
		if (seen[key] !== undefined) continue;
		seen[key] = now;
		count++;
	}
	if (count > MAX_REMEMBERED) count = dropOldest(seen, count);
	staticData.acceptedDeliveries = seen;
	staticData.acceptedDeliveriesCount = count;
}

function rememberInProcess(processKey: string, now: number): void {
	acceptedInProcess.set(processKey, now);
	if (acceptedInProcess.size <= MAX_REMEMBERED) return;
	// A Map iterates in insertion order, which is acceptance order: the oldest go first.
	for (const key of acceptedInProcess.keys()) {
		if (acceptedInProcess.size <= TRIMMED_SIZE) break;
		acceptedInProcess.delete(key);
	}
}

/**
 * Whether this delivery was already accepted by this trigger, recording it when not. Runs in
 * `webhook()`, so that a retry is answered without starting an execution.
 *
 * n8n's own de-duplication store (`checkProcessedAndRecord`, a table in its database) is offered
 * only to executing nodes, and this check must happen before an execution exists. What a webhook
 * handler can keep is workflow static data, which n8n loads with the workflow on every request
 * and saves after it, except (n8n 2.41) when the request starts an execution: starting it resets
 * the static data's change flag, and the execution runs on static data loaded again from the
 * database, saved when it ends if a node changed it. `execute()` writes the record there (see
 * `keepFirstDeliveries`), so it reaches the database either way. The in-process map
 * closes the window between two deliveries handled at the same moment by one process.
 *
 * Test deliveries (the editor's "listen for test event") are never de-duplicated: n8n does not
 * save static data for them, and a builder re-sending the same sample expects it to arrive.
 */
export function isDuplicateDelivery(context: IWebhookFunctions, deliveryId: string, now = Date.now()): boolean {
	if (context.getMode() === 'manual') return false;
	const key = deliveryKey(deliveryId);
	const staticData = context.getWorkflowStaticData('node') as IDataObject & DeliveryRecord;
	const processKey = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${key}`;
	if (staticData.acceptedDeliveries?.[key] !== undefined || acceptedInProcess.has(processKey)) return true;

	remember(staticData, [key], now);
	rememberInProcess(processKey, now);
	return false;
}

function withoutDeliveryKey(item: INodeExecutionData, index: number): INodeExecutionData {
	const passedOn: INodeExecutionData = { ...item, pairedItem: item.pairedItem ?? { item: index } };
	delete passedOn[DELIVERY_KEY_PROPERTY];
	return passedOn;
}

/**
 * The trigger's first step inside the execution a delivery started. It records the delivery where
 * it lasts, and drops any delivery that was processed before:
 * - in the trigger's static data record, which makes n8n save it when the execution ends, so that
 *   after a restart `webhook()` still answers a retry without starting anything;
 * - in n8n's processed-data store (its database, shared by every main, webhook and worker
 *   process), which decides: a retry that got past `webhook()` (another process, a record that
 *   was overwritten) ends here, so nothing after the trigger runs twice.
 */
export async function keepFirstDeliveries(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	now = Date.now(),
): Promise<INodeExecutionData[]> {
	const keys = items.map((item) => item[DELIVERY_KEY_PROPERTY]).filter((key): key is string => typeof key === 'string');
	if (context.getMode() === 'manual' || keys.length === 0) return items.map(withoutDeliveryKey);

	remember(context.getWorkflowStaticData('node') as IDataObject & DeliveryRecord, keys, now);
	let processed = new Set<string>();
	try {
		const result = await context.helpers.checkProcessedAndRecord(keys, 'node', { mode: 'entries', maxEntries: MAX_PROCESSED });
		processed = new Set(result.processed.map(String));
	} catch (error) {
		// Losing an event is worse than a rare repeat: the static data record still stands.
		context.logger.warn(`Learning Platform Trigger: n8n's de-duplication store could not be used (${(error as Error).message}); the delivery is let through`);
	}
	return items
		.map((item, index) => ({ item, index }))
		.filter(({ item }) => !processed.has(String(item[DELIVERY_KEY_PROPERTY])))
		.map(({ item, index }) => withoutDeliveryKey(item, index));
}

/** Forgets what this process accepted, as a restart does (the records in n8n's database stay). */
export function forgetAcceptedDeliveriesInProcess(): void {
	acceptedInProcess.clear();
}
