import { sleep } from 'n8n-workflow';

import type { Outcome, Ticket } from './pacer';
import { Pacer } from './pacer';
import type { RateSignals } from './signals';

/** Requests one credential may have in flight at once, whatever the platform allows. */
export const MAX_IN_FLIGHT = 8;

/** A request waiting for its turn. */
interface Waiter {
	/** The node run it belongs to (one RoutingNode run of one node in one execution). */
	run: object;
	itemIndex: number;
	/** Not before this time (a retry's backoff). */
	notBefore: number;
	/** Minimum time between this budget's requests, from the node's Max Requests per Minute (0: none). */
	spacingMs: number;
	resolve: (ticket: Ticket) => void;
	reject: (error: Error) => void;
}

/** Thrown to a waiting request whose node run stopped sending (see NodeRun.stop). */
export class NotSentError extends Error {
	/** Whether an earlier try of the request got no answer (it may have been applied after all). */
	readonly maybeApplied: boolean;

	constructor(maybeApplied = false) {
		super('Not sent: the node stopped sending after an item failed');
		this.name = 'NotSentError';
		this.maybeApplied = maybeApplied;
	}
}

/** The waiting requests of one node run: lowest item first, so a run's items go out in order. */
class RunQueue {
	readonly waiters: Waiter[] = [];

	add(waiter: Waiter): void {
		// Items mostly arrive in order: search from the end.
		let index = this.waiters.length;
		while (index > 0 && this.waiters[index - 1].itemIndex > waiter.itemIndex) index -= 1;
		this.waiters.splice(index, 0, waiter);
	}

	/** The first waiter allowed at `now`, or the time the earliest one will be. */
	ready(now: number): { waiter?: Waiter; at: number } {
		let at = Number.POSITIVE_INFINITY;
		// A retry waiting for its backoff does not hold back the items after it; the scan stays short.
		const scanned = Math.min(this.waiters.length, 64);
		for (let index = 0; index < scanned; index++) {
			const waiter = this.waiters[index];
			if (waiter.notBefore <= now) return { waiter, at: now };
			at = Math.min(at, waiter.notBefore);
		}
		return { at };
	}

	remove(waiter: Waiter): void {
		const index = this.waiters.indexOf(waiter);
		if (index >= 0) this.waiters.splice(index, 1);
	}
}

/**
 * One credential's share of the platform's limit in this n8n process: every item of every
 * execution that uses the credential waits here for its turn. A single pump hands out turns: it
 * asks the pacer how long to wait, then gives the turn to the next node run in rotation (so a
 * one-item execution is not stuck behind a 1,000-item backfill), lowest item first.
 */
export class Budget {
	readonly key: string;
	readonly pacer = new Pacer(MAX_IN_FLIGHT);
	private readonly queues = new Map<object, RunQueue>();
	private rotation: object[] = [];
	private pumping = false;
	private wake?: () => void;
	private lastSendAt = Number.NEGATIVE_INFINITY;

	constructor(key: string) {
		this.key = key;
	}

	/** Resolves with a ticket when the request may be sent; rejects with NotSentError if its run stops first. */
	async acquire(run: object, itemIndex: number, notBefore: number, spacingMs: number): Promise<Ticket> {
		return await new Promise<Ticket>((resolve, reject) => {
			const waiter: Waiter = { run, itemIndex, notBefore, spacingMs, resolve, reject };
			let queue = this.queues.get(run);
			if (!queue) {
				queue = new RunQueue();
				this.queues.set(run, queue);
				this.rotation.push(run);
			}
			queue.add(waiter);
			this.poke();
		});
	}

	/** The answer to a sent request; returns the wait the platform asked for (0 if none). */
	release(ticket: Ticket, outcome: Outcome, signals: RateSignals): number {
		const wait = this.pacer.finish(ticket, Date.now(), outcome, signals);
		this.poke();
		return wait;
	}

	/** Every request of `run` still waiting is not sent: the run stopped (NotSentError) or was cancelled. */
	cancelRun(run: object, error: () => Error = () => new NotSentError()): void {
		const queue = this.queues.get(run);
		if (!queue) return;
		for (const waiter of [...queue.waiters]) {
			this.drop(waiter);
			waiter.reject(error());
		}
	}

	get waiting(): number {
		let count = 0;
		for (const queue of this.queues.values()) count += queue.waiters.length;
		return count;
	}

	/** Takes a waiter out of its run's queue (its callers take it from there); an emptied run leaves the rotation. */
	private drop(waiter: Waiter): void {
		const queue = this.queues.get(waiter.run) as RunQueue;
		queue.remove(waiter);
		if (!queue.waiters.length) {
			this.queues.delete(waiter.run);
			this.rotation = this.rotation.filter((run) => run !== waiter.run);
		}
		this.poke();
	}

	private poke(): void {
		if (this.wake) this.wake();
		else if (!this.pumping) void this.pump();
	}

	/** The next waiter allowed now (rotating over runs), or how long until one may be. */
	private next(now: number): { waiter?: Waiter; waitMs: number } {
		let earliest = Number.POSITIVE_INFINITY;
		for (let turn = 0; turn < this.rotation.length; turn++) {
			const run = this.rotation[turn];
			const { waiter, at } = (this.queues.get(run) as RunQueue).ready(now);
			const spacingAt = waiter ? this.lastSendAt + waiter.spacingMs : at;
			if (waiter && spacingAt <= now) {
				// This run had its turn: to the back of the rotation.
				this.rotation.splice(turn, 1);
				this.rotation.push(run);
				return { waiter, waitMs: 0 };
			}
			earliest = Math.min(earliest, Math.max(at, spacingAt));
		}
		return { waitMs: earliest - now };
	}

	private async pump(): Promise<void> {
		this.pumping = true;
		try {
			while (this.queues.size) {
				const now = Date.now();
				let waitMs = this.pacer.delay(now);
				if (waitMs <= 0) {
					const { waiter, waitMs: untilReady } = this.next(now);
					if (waiter) {
						this.drop(waiter);
						const ticket = this.pacer.start(now);
						this.lastSendAt = now;
						waiter.resolve(ticket);
						continue;
					}
					waitMs = untilReady;
				}
				await this.pause(waitMs);
			}
		} finally {
			this.pumping = false;
		}
	}

	/** Waits `ms` (Infinity: until poked), or less when something changes (an answer, a new request). */
	private async pause(ms: number): Promise<void> {
		const controller = new AbortController();
		const woken = new Promise<void>((resolve) => {
			this.wake = resolve;
		});
		const timer = Number.isFinite(ms) ? sleep(Math.max(1, Math.ceil(ms)), controller.signal).catch(() => undefined) : undefined;
		await Promise.race(timer ? [woken, timer] : [woken]);
		this.wake = undefined;
		controller.abort();
	}
}

const budgets = new Map<string, Budget>();

/** The process-wide budget of one credential (by its identity, never its secret) and platform address. */
export function budgetFor(key: string): Budget {
	let budget = budgets.get(key);
	if (!budget) {
		budget = new Budget(key);
		budgets.set(key, budget);
	}
	return budget;
}

/** Forgets every budget (tests start each scenario from a process that has learned nothing). */
export function forgetBudgets(): void {
	budgets.clear();
}
