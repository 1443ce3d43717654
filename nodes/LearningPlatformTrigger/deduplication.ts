import { createHash } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { BatchEnvironment, ClaimAnswer } from './deliveryBatches';
import { ClaimBatcher, isLockRefusal } from './deliveryBatches';
import type { ClaimSettings } from './deliveryClaims';
import { ownExecutionOutcome } from './executionOutcome';
import type { LockMemory, LockTiming } from './processedDataLock';
import { DEFAULT_LOCK_TIMING } from './processedDataLock';
import type { RespondMode } from './respond';
import { runningDeliveryTimeoutMs } from './respond';

/** Deliveries remembered per trigger, in n8n's processed-data store and in each process. */
export const MAX_REMEMBERED = 5000;
/** Trimming goes down to this many, so that it happens once per few hundred deliveries, not on each. */
const TRIMMED_SIZE = Math.floor(MAX_REMEMBERED * 0.9);

/**
 * With "When Last Node Finishes", a retry that finds its delivery still running waits this long
 * for that execution before failing (n8n then answers 500 and the platform retries later), so
 * that the answer still reaches the platform within Canvas's 15 s.
 */
const WAIT_FOR_RUNNING_MS = 8000;
const WAIT_STEP_MS = 400;

/**
 * The top-level item property that carries a delivery's key from `webhook()` to `execute()`. It is
 * not part of `json`, so the payload stays as sent, and `execute()` removes it before any other
 * node sees the item.
 */
export const DELIVERY_KEY_PROPERTY = 'learningPlatformDeliveryKey';

/**
 * 64 bits of the SHA-256 of the delivery id: among 5,000 remembered deliveries the chance that a new
 * one collides is about 3 in 10^16, and the store is read and written whole, so keys are kept short.
 */
export function deliveryKey(deliveryId: string): string {
	return createHash('sha256').update(deliveryId).digest('hex').slice(0, 16);
}

type LocalState = { state: 'running' | 'done'; at: number };

/**
 * What one n8n process knows of its own claims: deliveries whose execution ran here and is still
 * running or has succeeded. It answers retries that reach this process without a database round
 * trip (in one n8n process, without starting an execution at all); every other case goes to the
 * processed-data store, which all processes share.
 */
export class ProcessDeliveries {
	private readonly states = new Map<string, LocalState>();
	private readonly queues = new Map<string, Promise<unknown>>();
	private readonly batchers = new Map<string, ClaimBatcher>();
	private readonly lockMemories = new Map<string, LockMemory>();
	/** Settlements started by finished executions and not done yet. */
	private readonly settling = new Set<Promise<unknown>>();

	/** The state this process knows, if any; a running claim past its lease is no longer trusted. */
	known(processKey: string, leaseMs: number, now: number): 'running' | 'done' | undefined {
		const local = this.states.get(processKey);
		if (!local) return undefined;
		if (local.state === 'running' && now - local.at > leaseMs) return undefined;
		return local.state;
	}

	set(processKey: string, state: LocalState['state'], now: number): void {
		// Re-inserted, so that iteration order stays the order of the latest change: the oldest go first.
		this.states.delete(processKey);
		this.states.set(processKey, { state, at: now });
		if (this.states.size <= MAX_REMEMBERED) return;
		for (const key of this.states.keys()) {
			if (this.states.size <= TRIMMED_SIZE) break;
			this.states.delete(key);
		}
	}

	/** Runs `work` in the background, remembered until it ends (see `settled`). */
	background(work: Promise<unknown>): void {
		const tracked = work.catch(() => undefined).finally(() => this.settling.delete(tracked));
		this.settling.add(tracked);
	}

	/** Resolves once every settlement started so far has ended and no batch holds a lock. */
	async settled(): Promise<void> {
		while (this.settling.size) await Promise.allSettled([...this.settling]);
		for (const batcher of this.batchers.values()) await batcher.whenIdle();
	}

	forget(processKey: string): void {
		this.states.delete(processKey);
	}

	get size(): number {
		return this.states.size;
	}

	clear(): void {
		this.states.clear();
	}

	/** The batcher of one trigger node's claims; its store work runs after this process's earlier work on the same workflow. */
	batcher(workflowId: string, nodeId: string): ClaimBatcher {
		const key = `${workflowId}:${nodeId}`;
		let batcher = this.batchers.get(key);
		if (!batcher) {
			let memory = this.lockMemories.get(workflowId);
			if (!memory) this.lockMemories.set(workflowId, (memory = {}));
			batcher = new ClaimBatcher(async (task) => await this.serialized(workflowId, task), memory);
			this.batchers.set(key, batcher);
		}
		// Batchers of workflows no longer in use are dropped once idle.
		for (const [other, candidate] of this.batchers) if (other !== key && candidate.idle && this.batchers.size > 100) this.batchers.delete(other);
		return batcher;
	}

	/** Runs `task` after every earlier task queued under `key` in this process (one database lock holder per workflow and process). */
	async serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.queues.get(key) ?? Promise.resolve();
		const run = previous.then(task, task);
		const tail = run.catch(() => undefined);
		this.queues.set(key, tail);
		try {
			return await run;
		} finally {
			if (this.queues.get(key) === tail) this.queues.delete(key);
		}
	}
}

/** This process's knowledge (a restart empties it, as it does n8n's memory). */
export const processDeliveries = new ProcessDeliveries();

/** Forgets what this process knows, as a restart does (the records in n8n's database stay). */
export function forgetAcceptedDeliveriesInProcess(): void {
	processDeliveries.clear();
}

const processKeyOf = (workflowId: string | undefined, nodeId: string, key: string) => `${workflowId ?? ''}:${nodeId}:${key}`;

/**
 * Whether this process already knows the delivery as done or still running, so that `webhook()`
 * answers a retry without starting an execution. Anything else starts one, whose first step decides
 * against the shared store. Test deliveries (the editor's "listen for test event") are never
 * de-duplicated: a builder re-sending the same sample expects it to arrive.
 */
export function knownDelivery(context: IWebhookFunctions, deliveryId: string, options: IDataObject, now = Date.now()): 'running' | 'done' | undefined {
	if (context.getMode() === 'manual') return undefined;
	const processKey = processKeyOf(context.getWorkflow().id, context.getNode().id, deliveryKey(deliveryId));
	return processDeliveries.known(processKey, runningDeliveryTimeoutMs(options), now);
}

function withoutDeliveryKey(item: INodeExecutionData, index: number): INodeExecutionData {
	const passedOn: INodeExecutionData = { ...item, pairedItem: item.pairedItem ?? { item: index } };
	delete passedOn[DELIVERY_KEY_PROPERTY];
	return passedOn;
}

/** Version 1 kept a record in workflow static data; claims replace it, so it is dropped once. */
function dropStaticDataRecord(context: IExecuteFunctions): void {
	const staticData = context.getWorkflowStaticData('node');
	if (staticData.acceptedDeliveries === undefined && staticData.acceptedDeliveriesCount === undefined) return;
	delete staticData.acceptedDeliveries;
	delete staticData.acceptedDeliveriesCount;
}

interface Decision {
	run: boolean;
	/** The claim entry to settle when the execution ends (undefined: nothing to settle). */
	claim?: string;
}

/**
 * The trigger's first step inside the execution a delivery started (n8n runs a trigger's `execute`
 * when the execution begins): each delivery is claimed in n8n's processed-data store, shared by
 * every main, webhook and worker process, under a lock all of them respect. A delivery that is done,
 * or claimed by an execution still running, is dropped here, so nothing after the trigger runs for
 * it. A claimed delivery becomes done when this execution succeeds and is released when it fails
 * (see `onExecutionFinish` below); a crash leaves the claim to expire.
 */
export async function keepFirstDeliveries(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	clock: () => number = () => Date.now(),
	lockTiming: LockTiming = DEFAULT_LOCK_TIMING,
	pause: (ms: number) => Promise<void> = sleep,
): Promise<INodeExecutionData[]> {
	const keyed = items.map((item, index) => ({ item, index, key: item[DELIVERY_KEY_PROPERTY] }));
	if (context.getMode() === 'manual' || !keyed.some(({ key }) => typeof key === 'string')) return items.map(withoutDeliveryKey);
	dropStaticDataRecord(context);

	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const respond = context.getNodeParameter('respond', 0, 'onReceived') as RespondMode;
	const settings: ClaimSettings = { leaseMs: runningDeliveryTimeoutMs(options), maxEntries: MAX_REMEMBERED };
	const workflowId = context.getWorkflow().id ?? '';
	const nodeId = context.getNode().id;
	const warn = (message: string) => context.logger.warn(`Learning Platform Trigger: ${message}`);
	const environment: BatchEnvironment = {
		store: context.helpers,
		settings,
		settles: typeof context.onExecutionFinish === 'function',
		lockTiming: { ...lockTiming, now: clock },
		warn,
	};
	const batcher = processDeliveries.batcher(workflowId, nodeId);

	const decide = async (key: string): Promise<Decision> => {
		const processKey = processKeyOf(workflowId, nodeId, key);
		const waitUntil = clock() + WAIT_FOR_RUNNING_MS;
		for (;;) {
			let answer: ClaimAnswer;
			const local = processDeliveries.known(processKey, settings.leaseMs, clock());
			try {
				answer = local ? { state: local } : await batcher.claim(key, environment);
			} catch (error) {
				if (isLockRefusal(error) && error.refused === 'foreign') {
					throw new NodeOperationError(context.getNode(), "Another node keeps this workflow's de-duplication record", {
						description:
							"The trigger keeps a short lock in the workflow-scoped record of n8n's de-duplication store. Set any Remove Duplicates node of this workflow to Scope: Node.",
					});
				}
				const reason = isLockRefusal(error) ? error.message : (error as Error).message;
				// Answered at the end: no 2xx, the platform sends it again later. Answered already: losing
				// the event is worse than a rare repeat, so it goes through.
				if (respond === 'lastNode') {
					// The cause goes in the description: n8n replaces a whole message that names a network error
					// code (ECONNREFUSED…) by its generic sentence, which would hide which store failed.
					throw new NodeOperationError(context.getNode(), "n8n's de-duplication store could not be used", {
						description: `No 2xx is sent for this delivery, so the platform sends it again later. Cause: ${reason}`,
					});
				}
				warn(`n8n's de-duplication store could not be used (${reason}); the delivery is let through`);
				return { run: true };
			}
			if (answer.state === 'unsettled') {
				// Recorded as done at its start (n8n 1.x tells no outcome): this process answers its retries
				// itself, without starting an execution for each.
				processDeliveries.set(processKey, 'done', clock());
				return { run: true };
			}
			if (answer.state === 'claimed') {
				processDeliveries.set(processKey, 'running', clock());
				return { run: true, claim: answer.claim };
			}
			if (answer.state === 'done') {
				processDeliveries.set(processKey, 'done', clock());
				return { run: false };
			}
			// Running elsewhere. Answered at once: nothing more to do. Answered at the end: wait a little
			// for that execution, then fail, so the platform gets no 2xx and sends it again later.
			if (respond !== 'lastNode') return { run: false };
			if (clock() >= waitUntil) {
				throw new NodeOperationError(context.getNode(), 'This delivery is still being processed by another execution', {
					description: 'No 2xx is sent for it, so the platform sends it again later; that retry runs it only if the other execution did not succeed.',
				});
			}
			await pause(WAIT_STEP_MS);
		}
	};

	const claims: Array<{ key: string; claim: string; processKey: string }> = [];
	const kept: INodeExecutionData[] = [];
	for (const { item, index, key } of keyed) {
		if (typeof key !== 'string') {
			kept.push(withoutDeliveryKey(item, index));
			continue;
		}
		const decision = await decide(key);
		if (!decision.run) continue;
		kept.push(withoutDeliveryKey(item, index));
		if (decision.claim) claims.push({ key, claim: decision.claim, processKey: processKeyOf(workflowId, nodeId, key) });
	}

	if (claims.length && context.onExecutionFinish) {
		let settled = false;
		const settle = async () => {
			const outcome = await ownExecutionOutcome(context).catch(() => 'unknown' as const);
			const succeeded = outcome === 'succeeded';
			if (outcome === 'unknown') warn('the outcome of the execution could not be read; its deliveries are released so that a retry runs them again');
			await Promise.all(
				claims.map(async ({ key, claim, processKey }) => {
					try {
						await batcher.settle(key, claim, succeeded, environment);
					} catch (error) {
						const reason = isLockRefusal(error) ? error.message : (error as Error).message;
						warn(`a delivery's claim could not be settled (${reason}); it expires after the running delivery timeout`);
					}
					if (succeeded) processDeliveries.set(processKey, 'done', clock());
					else processDeliveries.forget(processKey);
				}),
			);
		};
		context.onExecutionFinish(() => {
			// n8n may call this more than once. The settlement runs in the background: n8n answers the
			// webhook ("When Last Node Finishes") and ends the job only after this handler returns, and
			// a retry meanwhile finds the delivery running in this process.
			if (settled) return;
			settled = true;
			processDeliveries.background(settle());
		});
	}
	return kept;
}
