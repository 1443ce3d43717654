import type { IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Budget } from './budget';
import type { ObservedResponse } from './failures';

/** Where one item ended in a try of its node: what the stopping summary reports. */
export type ItemState = 'pending' | 'succeeded' | 'failed' | 'notSent' | 'inDoubt';

export interface StoppingPoint {
	total: number;
	succeeded: number[];
	failed: number[];
	notSent: number[];
	inDoubt: number[];
}

/**
 * One run of a node over its input items (RoutingNode sends every item's request at once; this
 * is what they share). It knows:
 * - which items are still being worked on, so that when one fails for good (with Continue On
 *   Fail off) the run stops sending, waits for the requests already out, and reports exactly
 *   which items went through;
 * - across n8n's Retry On Fail tries of the same node in the same execution (the same execution
 *   data object), which items already succeeded, so a retry re-emits their output instead of
 *   sending them again, and which may already have been applied, so a retry does not repeat them.
 */
export class NodeRun {
	readonly total: number;
	/** Output of succeeded items, kept when the node has Retry On Fail on, with the input item it came from. */
	private readonly outputs = new Map<number, { input: unknown; output: INodeExecutionData[] }>();
	/** Items whose request may have been applied (an operation not safe to repeat): never sent again in this execution. */
	private readonly doubts = new Map<number, { input: unknown; error: Error }>();
	/** Budgets this run queued requests in (to withdraw them when it stops). */
	readonly budgets = new Set<Budget>();
	/** The platform's answer to each item's request in flight, as the node's postReceive saw it. */
	readonly observed = new Map<number, ObservedResponse | undefined>();
	private readonly keepOutputs: boolean;
	private readonly signal?: AbortSignal;
	private states = new Map<number, ItemState>();
	private active = 0;
	private stoppingNow = false;
	private settledWaiters: Array<() => void> = [];
	/** A try is open from its first item until every item of it has started and concluded. */
	private tryOpen = false;
	private registering = false;
	private registration: Promise<void> = Promise.resolve();
	private readonly onAbort = () => this.cancel();

	constructor(context: IExecuteSingleFunctions, total: number) {
		this.total = total;
		this.keepOutputs = context.getNode().retryOnFail === true;
		this.signal = context.getExecutionCancelSignal?.();
	}

	get stopping(): boolean {
		return this.stoppingNow;
	}

	/**
	 * An item starts (synchronously, as RoutingNode calls every item's hook in one loop). The
	 * first item of a try (nothing active) starts a new try: a Retry On Fail retry, or the first.
	 */
	begin(index: number, input: unknown): { replay?: INodeExecutionData[]; inDoubt?: Error } {
		if (!this.tryOpen) this.newTry();
		this.active += 1;
		this.states.set(index, 'pending');
		// Only for the same input item: a retry of this node in this execution, not other work that
		// happens to share the execution data.
		const replay = this.outputs.get(index);
		if (replay && replay.input === input) return { replay: replay.output };
		const doubt = this.doubts.get(index);
		return doubt && doubt.input === input ? { inDoubt: doubt.error } : {};
	}

	/** The item's request may have been applied and must not be sent again in this execution. */
	markInDoubt(index: number, input: unknown, error: Error): void {
		this.doubts.set(index, { input, error });
	}

	isInDoubt(index: number, error: unknown): boolean {
		const doubt = this.doubts.get(index);
		// An item never marked is not in doubt, whatever the error (even `undefined`, from a `throw undefined`).
		return doubt !== undefined && doubt.error === error;
	}

	/**
	 * Resolves once every item of this try has started: the first request of a run waits for it, so
	 * that an item failing its checks stops the run before anything is sent.
	 */
	registered(): Promise<void> {
		return this.registration;
	}

	conclude(index: number, state: Exclude<ItemState, 'pending'>, output?: { input: unknown; items: INodeExecutionData[] }): void {
		if (this.states.get(index) !== 'pending') return;
		this.states.set(index, state);
		if (state === 'succeeded' && output && this.keepOutputs) this.outputs.set(index, { input: output.input, output: output.items });
		this.active -= 1;
		if (this.active === 0 && !this.registering) this.settle();
	}

	/** Continue On Fail is off and an item failed for good: send nothing more. */
	stop(): void {
		if (this.stoppingNow) return;
		this.stoppingNow = true;
		for (const budget of this.budgets) budget.cancelRun(this);
	}

	/** Resolves when no item of this try is still being worked on (the stopping point is final). */
	async settled(): Promise<void> {
		if (!this.tryOpen) return;
		await new Promise<void>((resolve) => this.settledWaiters.push(resolve));
	}

	stoppingPoint(): StoppingPoint {
		const point: StoppingPoint = { total: this.total, succeeded: [], failed: [], notSent: [], inDoubt: [] };
		for (let index = 0; index < this.total; index++) {
			const state = this.states.get(index);
			if (state === 'succeeded') point.succeeded.push(index);
			else if (state === 'failed') point.failed.push(index);
			else if (state === 'inDoubt') point.inDoubt.push(index);
			else point.notSent.push(index);
		}
		return point;
	}

	private newTry(): void {
		this.states = new Map();
		this.stoppingNow = false;
		this.tryOpen = true;
		// RoutingNode starts every item in one synchronous loop: one macrotask later, all have.
		this.registering = true;
		this.registration = sleep(0).then(() => {
			this.registering = false;
			if (this.active === 0) this.settle();
		});
		// (A signal already aborted fires nothing more: listening to it does nothing.)
		this.signal?.addEventListener('abort', this.onAbort, { once: true });
	}

	private settle(): void {
		this.tryOpen = false;
		this.signal?.removeEventListener('abort', this.onAbort);
		const waiters = this.settledWaiters;
		this.settledWaiters = [];
		for (const resolve of waiters) resolve();
	}

	private cancel(): void {
		this.stoppingNow = true;
		const reason = this.signal?.reason;
		for (const budget of this.budgets) {
			budget.cancelRun(this, () => (reason instanceof Error ? reason : new Error('The execution was cancelled')));
		}
	}
}

const runs = new WeakMap<object, NodeRun>();

/**
 * The run an item belongs to. RoutingNode gives every item of one node run the same execution
 * data object (and n8n's Retry On Fail tries of that node reuse it), so it identifies the run.
 */
export function nodeRunOf(context: IExecuteSingleFunctions): NodeRun {
	const key = runKey(context);
	let run = runs.get(key);
	if (!run) {
		const items = context.getExecuteData?.()?.data?.main?.[0];
		run = new NodeRun(context, Array.isArray(items) ? items.length : context.getItemIndex() + 1);
		runs.set(key, run);
	}
	return run;
}

/** The run an item's answer belongs to, if the item is being paced. */
export function existingRunOf(context: IExecuteSingleFunctions): NodeRun | undefined {
	return runs.get(runKey(context));
}

function runKey(context: IExecuteSingleFunctions): object {
	// No execution data (a context n8n builds elsewhere): the item is a run of its own.
	return context.getExecuteData?.() ?? context;
}
