import type { ProcessedDataStore } from './processedDataLock';

/**
 * Claims on deliveries, kept in n8n's processed-data store for the trigger node (the table behind
 * the Remove Duplicates node), which every n8n process sharing the database reads. The store keeps
 * a set of hashed strings per node, so a delivery's state is spelled as entries:
 * - `<key>`: its execution succeeded (done). Version 1 of the trigger recorded accepted deliveries
 *   the same way, so its records keep meaning "do not run again".
 * - `<key>@<slot>`: an execution claimed it during time slot `<slot>` and has not finished. A claim
 *   counts for the slots of one lease; a claim older than that belongs to an execution that never
 *   finished (its process crashed), and a retry may run the delivery again.
 * A failed execution removes its claim, so the platform's retry runs the delivery again.
 *
 * The store's own check-and-record is a read followed by a write, not atomic, so every call here
 * must run under the workflow's delivery lock (processedDataLock.ts).
 */

/** A claim is checked in this many slots back, plus the current one: a lease of 5-6 slots. */
const SLOTS_PER_LEASE = 5;

export interface ClaimSettings {
	/** How long a claim holds off retries (the option "Running Delivery Timeout"). */
	leaseMs: number;
	/** Entries kept per trigger node; the oldest go first. */
	maxEntries: number;
}

export type ClaimResult = { state: 'claimed'; claim: string } | { state: 'done' } | { state: 'running' };

export function slotMs(leaseMs: number): number {
	return Math.max(1000, Math.ceil(leaseMs / SLOTS_PER_LEASE));
}

const claimEntry = (key: string, slot: number) => `${key}@${slot}`;

/**
 * Records of a check that are only there because the check wrote them are removed again; a check
 * adds up to SLOTS_PER_LEASE + 2 entries at once, so the store is asked to keep that many more, or
 * each check would push that many of the oldest records out.
 */
const checkOptions = (settings: ClaimSettings) => ({ mode: 'entries' as const, maxEntries: settings.maxEntries + SLOTS_PER_LEASE + 2 });
const REMOVE_OPTIONS = { mode: 'entries' as const };

/**
 * Claims the delivery unless it is done or claimed by a running execution. One check-and-record
 * tests the done entry and the claim entries of the lease at once; whatever it added that does
 * not describe the new state is removed again (two database round trips, under the lock).
 */
export async function claimDelivery(store: ProcessedDataStore, key: string, settings: ClaimSettings, now: number): Promise<ClaimResult> {
	const current = Math.floor(now / slotMs(settings.leaseMs));
	const claims = Array.from({ length: SLOTS_PER_LEASE + 1 }, (_, back) => claimEntry(key, current - back));
	const checked = await store.checkProcessedAndRecord([key, ...claims], 'node', checkOptions(settings));
	const present = new Set(checked.processed.map(String));
	let result: ClaimResult;
	if (present.has(key)) result = { state: 'done' };
	else if (claims.some((claim) => present.has(claim))) result = { state: 'running' };
	else result = { state: 'claimed', claim: claims[0] };
	const kept = result.state === 'claimed' ? result.claim : undefined;
	const undo = checked.new.map(String).filter((entry) => entry !== kept);
	if (undo.length) await store.removeProcessed(undo, 'node', REMOVE_OPTIONS);
	return result;
}

/**
 * The execution succeeded: the delivery is done. The done entry is written before the claim is
 * removed, so a crash in between leaves it done (a stray claim entry is harmless next to it).
 */
export async function completeDelivery(store: ProcessedDataStore, key: string, claim: string, settings: ClaimSettings): Promise<void> {
	await store.checkProcessedAndRecord([key], 'node', checkOptions(settings));
	await store.removeProcessed([claim], 'node', REMOVE_OPTIONS);
}

/** The execution failed: the claim goes, and the platform's retry runs the delivery again. */
export async function releaseDelivery(store: ProcessedDataStore, claim: string): Promise<void> {
	await store.removeProcessed([claim], 'node', REMOVE_OPTIONS);
}

/** Without a way to learn how the execution ended (n8n before onExecutionFinish): accepted is done. */
export async function recordDeliveryDone(store: ProcessedDataStore, key: string, settings: ClaimSettings): Promise<boolean> {
	const checked = await store.checkProcessedAndRecord([key], 'node', checkOptions(settings));
	return checked.new.length > 0;
}
