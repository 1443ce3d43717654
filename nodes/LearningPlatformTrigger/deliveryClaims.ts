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
 * - `<key>#checking`: a check of the delivery has not finished its clean-up. n8n's store has no
 *   read-only check: asking whether `<key>` is done records `<key>`, and a second call removes what
 *   does not describe the new state. A process killed between the two leaves `<key>` behind, which
 *   would read as done for a delivery that never ran (the platform got no 2xx, resends, and the
 *   resend would be answered 2xx with nothing run: a lost event). So every check also records this
 *   marker, removed with the rest; a check that finds it left over trusts neither the done entry nor
 *   the claims of that delivery and runs it. That errs towards a repeat, never a loss: the delivery
 *   runs again if it had in fact succeeded, or was running elsewhere, when the interrupted check ran.
 * A failed execution removes its claim, so the platform's retry runs the delivery again.
 *
 * The store's own check-and-record is a read followed by a write, not atomic, so every call here
 * must run under the workflow's delivery lock (processedDataLock.ts). Each call handles a batch:
 * deliveries that arrive together share the lock and the store's round trips.
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
const checkingEntry = (key: string) => `${key}#checking`;

/**
 * Records a check writes that do not describe the new state are removed again; meanwhile the store
 * holds them too, so it is asked to keep that many more than `maxEntries`, or each check would push
 * as many of the oldest records out.
 */
const checkOptions = (settings: ClaimSettings, checked: number) => ({ mode: 'entries' as const, maxEntries: settings.maxEntries + checked });
const REMOVE_OPTIONS = { mode: 'entries' as const };

/**
 * Claims each delivery (distinct keys) unless it is done or claimed by a running execution: one
 * check-and-record and one removal for the whole batch, under the lock.
 */
export async function claimDeliveries(store: ProcessedDataStore, keys: string[], settings: ClaimSettings, now: number): Promise<Map<string, ClaimResult>> {
	return await applyClaimBatch(store, { claims: keys, done: [], released: [] }, settings, now);
}

/**
 * Ends claims: the deliveries of succeeded executions become done, the claims of failed ones go (the
 * platform's retry runs them again). Done entries are written before claims are removed, so a crash
 * in between leaves them done (a stray claim entry is harmless next to its done entry).
 */
export async function settleDeliveries(
	store: ProcessedDataStore,
	done: Array<{ key: string; claim: string }>,
	released: string[],
	settings: ClaimSettings,
): Promise<void> {
	if (done.length) await store.checkProcessedAndRecord(done.map(({ key }) => key), 'node', checkOptions(settings, done.length));
	const claims = [...done.map(({ claim }) => claim), ...released];
	if (claims.length) await store.removeProcessed(claims, 'node', REMOVE_OPTIONS);
}

export interface ClaimBatch {
	/** Deliveries to claim (a key may appear more than once). */
	claims: string[];
	/** Claims whose execution succeeded: their deliveries become done. */
	done: Array<{ key: string; claim: string }>;
	/** Claims whose execution failed: removed, so that a retry runs the delivery again. */
	released: string[];
}

/**
 * Everything one batch asks of the record in two round trips: one check-and-record that writes the
 * done entries and tests every claimed key at once, one removal of the entries that check added
 * without describing a state, together with the claims that ended. Within the batch, a delivery
 * that is being settled is answered from the settlement: done when its execution succeeded,
 * claimable when it failed.
 */
export async function applyClaimBatch(store: ProcessedDataStore, batch: ClaimBatch, settings: ClaimSettings, now: number): Promise<Map<string, ClaimResult>> {
	const current = Math.floor(now / slotMs(settings.leaseMs));
	const claimsOf = (key: string) => Array.from({ length: SLOTS_PER_LEASE + 1 }, (_, back) => claimEntry(key, current - back));
	const doneKeys = new Set(batch.done.map(({ key }) => key));
	const ending = new Set([...batch.done.map(({ claim }) => claim), ...batch.released]);
	const results = new Map<string, ClaimResult>();
	const tested = [...new Set(batch.claims)].filter((key) => {
		if (!doneKeys.has(key)) return true;
		results.set(key, { state: 'done' });
		return false;
	});
	const items = [...doneKeys, ...tested.flatMap((key) => [checkingEntry(key), key, ...claimsOf(key)])];
	const kept = new Set<string>(doneKeys);
	let added: string[] = [];
	// Entries an interrupted check left behind: not new, so named here to be removed.
	const leftOver: string[] = [];
	if (items.length) {
		const checked = await store.checkProcessedAndRecord(items, 'node', checkOptions(settings, items.length));
		const present = new Set(checked.processed.map(String));
		added = checked.new.map(String);
		for (const key of tested) {
			const claims = claimsOf(key);
			if (present.has(checkingEntry(key))) {
				// A check of it was cut short before its clean-up: its done entry and claims may be that
				// check's own records. Run it (see `<key>#checking` above).
				leftOver.push(checkingEntry(key), ...[key, ...claims].filter((entry) => present.has(entry) && entry !== claims[0]));
				results.set(key, { state: 'claimed', claim: claims[0] });
				kept.add(claims[0]);
			} else if (present.has(key)) results.set(key, { state: 'done' });
			// A claim this batch ends does not hold the delivery any more.
			else if (claims.some((claim) => present.has(claim) && !ending.has(claim))) results.set(key, { state: 'running' });
			else {
				results.set(key, { state: 'claimed', claim: claims[0] });
				kept.add(claims[0]);
			}
		}
	}
	const removed = [...new Set([...added.filter((entry) => !kept.has(entry)), ...leftOver, ...[...ending].filter((claim) => !kept.has(claim))])];
	if (removed.length) await store.removeProcessed(removed, 'node', REMOVE_OPTIONS);
	return results;
}

/**
 * Without a way to learn how the execution ended (n8n before onExecutionFinish): accepted is done.
 * Returns the keys that are new.
 */
export async function recordDeliveriesDone(store: ProcessedDataStore, keys: string[], settings: ClaimSettings): Promise<Set<string>> {
	const unique = [...new Set(keys)];
	const checked = await store.checkProcessedAndRecord(unique, 'node', checkOptions(settings, unique.length));
	return new Set(checked.new.map(String));
}
