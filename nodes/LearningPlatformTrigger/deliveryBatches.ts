import type { ClaimResult, ClaimSettings } from './deliveryClaims';
import { applyClaimBatch, recordDeliveriesDone } from './deliveryClaims';
import type { LockMemory, LockRefusal, LockTiming, ProcessedDataStore } from './processedDataLock';
import { withWorkflowLock } from './processedDataLock';

/** How long one process keeps the workflow's lock for batch after batch while more keeps arriving. */
const HOLD_MS = 1000;

/** What a batch needs from the execution that submitted its first operation. */
export interface BatchEnvironment {
	store: ProcessedDataStore;
	settings: ClaimSettings;
	/** Whether executions report their outcome (n8n's onExecutionFinish); without it, accepted is done. */
	settles: boolean;
	lockTiming: LockTiming;
	warn: (message: string) => void;
}

/** `unsettled`: recorded as done at once (no outcome will come); run it. */
export type ClaimAnswer = ClaimResult | { state: 'unsettled' };

type Operation =
	| { kind: 'claim'; key: string; resolve: (answer: ClaimAnswer) => void; reject: (error: unknown) => void }
	| { kind: 'settle'; key: string; claim: string; succeeded: boolean; resolve: () => void; reject: (error: unknown) => void };

/** What every operation of a batch is rejected with when the lock refused it. */
export function isLockRefusal(value: unknown): value is LockRefusal {
	return typeof value === 'object' && value !== null && 'refused' in value;
}

/**
 * Operations on one trigger node's claims, grouped: whatever arrives while a batch is in the store
 * waits for the next one, which takes the workflow's lock once and makes one round of store calls
 * for all of it. Under load, many deliveries share one lock and two or four round trips, instead of
 * each delivery taking the lock and reading and writing the whole record itself.
 */
export class ClaimBatcher {
	private pending: Array<{ operation: Operation; environment: BatchEnvironment }> = [];
	private running = false;
	private draining: Promise<void> = Promise.resolve();
	private readonly lock: <T>(task: () => Promise<T>) => Promise<T>;
	private readonly lockMemory: LockMemory;

	/**
	 * `lock` runs its task after every other task of this process on the same workflow; `lockMemory`
	 * is this process's memory of that workflow's lock, shared by its trigger nodes.
	 */
	constructor(lock: <T>(task: () => Promise<T>) => Promise<T>, lockMemory: LockMemory = {}) {
		this.lock = lock;
		this.lockMemory = lockMemory;
	}

	get idle(): boolean {
		return !this.running && this.pending.length === 0;
	}

	/** Resolves once everything submitted so far is applied and the lock released. */
	async whenIdle(): Promise<void> {
		while (!this.idle) await this.draining;
	}

	async claim(key: string, environment: BatchEnvironment): Promise<ClaimAnswer> {
		return await new Promise((resolve, reject) => this.submit({ kind: 'claim', key, resolve, reject }, environment));
	}

	async settle(key: string, claim: string, succeeded: boolean, environment: BatchEnvironment): Promise<void> {
		await new Promise<void>((resolve, reject) => this.submit({ kind: 'settle', key, claim, succeeded, resolve, reject }, environment));
	}

	private submit(operation: Operation, environment: BatchEnvironment): void {
		this.pending.push({ operation, environment });
		if (!this.running) this.draining = this.drain();
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			while (this.pending.length) await this.hold(this.pending[0].environment);
		} finally {
			this.running = false;
		}
	}

	/**
	 * Takes the workflow's lock once and applies batch after batch while more arrives, for at most
	 * HOLD_MS (other processes wait for the lock meanwhile), then lets it go.
	 */
	private async hold(environment: BatchEnvironment): Promise<void> {
		const { store, lockTiming, warn } = environment;
		let inFlight: Operation[] = [];
		try {
			const outcome = await this.lock(
				async () =>
					await withWorkflowLock(
						store,
						async () => {
							const since = lockTiming.now();
							do {
								inFlight = this.pending.splice(0).map(({ operation }) => operation);
								await this.apply(inFlight, environment);
								inFlight = [];
							} while (this.pending.length && lockTiming.now() - since < HOLD_MS);
						},
						lockTiming,
						warn,
						this.lockMemory,
					),
			);
			if (!('value' in outcome)) {
				for (const { operation } of this.pending.splice(0)) operation.reject(outcome);
			}
		} catch (error) {
			// The batch being applied failed; whatever waits is tried again with the next hold.
			for (const operation of inFlight) operation.reject(error);
		}
	}

	/** One batch: one round of store calls for every claim and settlement in it, then the answers. */
	private async apply(operations: Operation[], environment: BatchEnvironment): Promise<void> {
		const { store, settings, settles, lockTiming } = environment;
		const settlements = operations.filter((operation) => operation.kind === 'settle');
		const claims = operations.filter((operation) => operation.kind === 'claim');
		const keys = claims.map(({ key }) => key);
		let answers: Map<string, ClaimAnswer>;
		if (settles) {
			answers = await applyClaimBatch(
				store,
				{
					claims: keys,
					done: settlements.filter(({ succeeded }) => succeeded).map(({ key, claim }) => ({ key, claim })),
					released: settlements.filter(({ succeeded }) => !succeeded).map(({ claim }) => claim),
				},
				settings,
				lockTiming.now(),
			);
		} else {
			const fresh = keys.length ? await recordDeliveriesDone(store, keys, settings) : new Set<string>();
			answers = new Map<string, ClaimAnswer>(keys.map((key) => [key, fresh.has(key) ? { state: 'unsettled' } : { state: 'done' }]));
		}
		for (const settlement of settlements) settlement.resolve();
		// Copies of one delivery in the same batch: the first gets the answer, the others see it running.
		const answered = new Set<string>();
		for (const claim of claims) {
			const answer = answers.get(claim.key) as ClaimAnswer;
			const copy = answered.has(claim.key) && (answer.state === 'claimed' || answer.state === 'unsettled');
			claim.resolve(copy ? { state: 'running' } : answer);
			answered.add(claim.key);
		}
	}
}
