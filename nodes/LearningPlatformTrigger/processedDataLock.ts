import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** The part of n8n's de-duplication helpers (`this.helpers` of an executing node) used here. */
export type ProcessedDataStore = Pick<
	IExecuteFunctions['helpers'],
	'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems'
>;

export interface LockTiming {
	/** A lock held this long without a break is taken to belong to a process that died holding it. */
	breakAfterMs: number;
	/** Waiting longer than this gives up (the caller lets the delivery through). */
	giveUpAfterMs: number;
	now: () => number;
	/** Waits between attempts (n8n's `sleep` unless given: tests pass one that advances their clock). */
	sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { breakAfterMs: 5_000, giveUpAfterMs: 10_000, now: () => Date.now() };

/** How Postgres and SQLite report the second insert of a primary key: another process took the lock first. */
const KEY_CONFLICT = /duplicate key|unique constraint|SQLITE_CONSTRAINT/i;
/** Other database errors are retried this many times in a row before giving up. */
const MAX_FAILURES = 3;

/** The lock is the workflow-scoped row itself; its value never changes, so only an insert can succeed. */
const LOCK_VALUE = 1;
const LOCK_OPTIONS = { mode: 'latestIncrementalKey' } as const;

/**
 * Why the lock could not be taken: `foreign` when another node keeps the workflow-scoped
 * de-duplication record (a Remove Duplicates node with Scope: Workflow), `unavailable` when the
 * database failed or the lock stayed taken past the time allowed.
 */
export type LockRefusal = { refused: 'foreign' | 'unavailable'; message: string };

export type Locked<T> = { value: T } | LockRefusal;

/** What one process remembers of its own lock on a workflow between acquisitions. */
export interface LockMemory {
	/** When this process last failed to release the lock: the row left behind is its own. */
	leftBehindAt?: number;
}

/**
 * Runs `critical` while this workflow holds a lock that every n8n process sharing the database
 * respects.
 *
 * n8n 2.41 offers a node no atomic store: its processed-data helper reads a row, then inserts or
 * updates it, with an await between and no transaction (packages/cli/src/deduplication/
 * deduplication-helper.ts), and workflow static data is saved whole, last writer wins. The one
 * atomic step it contains is the insert of a new row, whose primary key (workflow, context)
 * refuses a second one. So the lock is that row, in the workflow-scoped context: taking it is an
 * insert (a process that finds the row, or loses the race to insert it, waits), releasing it is
 * `clearAllProcessedItems`, which deletes it. A process killed while holding it leaves the row:
 * after `breakAfterMs` without seeing it free, a waiter deletes it. Callers hold it for a few
 * database round trips, so 5 s is two orders of magnitude beyond any real holder.
 */
export async function withWorkflowLock<T>(
	store: ProcessedDataStore,
	critical: () => Promise<T>,
	timing: LockTiming = DEFAULT_LOCK_TIMING,
	warn: (message: string) => void = () => {},
	memory: LockMemory = {},
): Promise<Locked<T>> {
	const wait = timing.sleep ?? sleep;
	const started = timing.now();
	// A row this process could not delete is still its own until others may break it: delete it now.
	if (memory.leftBehindAt !== undefined && started - memory.leftBehindAt < timing.breakAfterMs) {
		await store.clearAllProcessedItems('workflow', LOCK_OPTIONS).catch(() => undefined);
	}
	memory.leftBehindAt = undefined;
	let busySince: number | undefined;
	let attempt = 0;
	let failures = 0;
	for (;;) {
		let acquired = false;
		try {
			const result = await store.checkProcessedAndRecord([LOCK_VALUE], 'workflow', LOCK_OPTIONS);
			acquired = result.new.length > 0;
			failures = 0;
		} catch (error) {
			const message = (error as Error).message;
			// n8n refuses a record kept in another mode: another node owns the workflow-scoped record.
			if (/incompatible setting/i.test(message)) return { refused: 'foreign', message };
			// Another process inserted the row at the same moment: it holds the lock. Anything else is
			// the database failing; a busy database gets a few more tries.
			if (!KEY_CONFLICT.test(message) && ++failures >= MAX_FAILURES) return { refused: 'unavailable', message };
		}
		if (acquired) break;
		const now = timing.now();
		busySince ??= now;
		if (now - started > timing.giveUpAfterMs) {
			return { refused: 'unavailable', message: `the workflow's delivery lock stayed taken for ${Math.round((now - started) / 1000)} s` };
		}
		if (now - busySince > timing.breakAfterMs) {
			warn(`the workflow's delivery lock was held for over ${timing.breakAfterMs / 1000} s; taking it over from a process that stopped`);
			await store.clearAllProcessedItems('workflow', LOCK_OPTIONS).catch(() => undefined);
			busySince = undefined;
		}
		attempt++;
		// Short, growing, jittered waits: holders keep the lock for a few milliseconds.
		await wait(Math.min(50, 2 + attempt * 2) + Math.floor(Math.random() * 10));
	}
	try {
		return { value: await critical() };
	} finally {
		await release(store, timing, warn, memory);
	}
}

/** Deletes the lock row, trying again a few times: a busy database must not leave it for 5 s. */
async function release(store: ProcessedDataStore, timing: LockTiming, warn: (message: string) => void, memory: LockMemory): Promise<void> {
	const wait = timing.sleep ?? sleep;
	let lastError: Error | undefined;
	for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
		try {
			await store.clearAllProcessedItems('workflow', LOCK_OPTIONS);
			return;
		} catch (error) {
			lastError = error as Error;
			await wait(20 * (attempt + 1));
		}
	}
	memory.leftBehindAt = timing.now();
	warn(`the workflow's delivery lock could not be released (${lastError?.message}); this process deletes it next time, others take it over after ${timing.breakAfterMs / 1000} s`);
}
