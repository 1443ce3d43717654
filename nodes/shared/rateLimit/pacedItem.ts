import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { failedItem, itemNodeError } from '../itemErrors';
import { NotSentError, budgetFor } from './budget';
import type { Budget } from './budget';
import type { Failure, ObservedResponse } from './failures';
import { classifyFailure } from './failures';
import { describeStoppingPoint, itemRanges, minutes } from './messages';
import type { NodeRun } from './nodeRun';
import { nodeRunOf } from './nodeRun';
import type { PacingOptions } from './options';
import { readPacingOptions } from './options';
import type { Outcome } from './pacer';
import type { RateSignals } from './signals';
import { readRateSignals } from './signals';
import { pacingEnabled } from './switch';

/** What a node declares about its platform. */
export interface PlatformRules {
	/** As users know it, for messages: "Thought Industries". */
	name: string;
	credentialType: string;
	/** What happened to an item that went through, for the stopping summary: "recorded", "done". */
	succeededWord: string;
	/** The platform's own words in an error answer's body (e.g. Laravel's "Too Many Attempts."). */
	messageOf?: (body: unknown) => string | undefined;
}

/** What a node declares about one request. */
export interface RequestRules {
	/** The platform address it goes to (with the credential, the identity of its budget). */
	baseUrl: string;
	/**
	 * Its path: a failure of another request made on the way (an OAuth token) then tells that this
	 * one was never sent.
	 */
	path?: string;
	/**
	 * `true` when sending it twice does no harm, so it is sent again after a failure where it may
	 * have been applied (no answer came back); otherwise why it is not, for the error message.
	 */
	repeatable: true | string;
}

/** Sends one request of the item through its credential's budget, with retries. */
export type Send = <T>(request: RequestRules, attempt: () => Promise<T>) => Promise<T>;

/** Retries of a failure where nothing was applied (or that is safe to repeat), per request. */
export const MAX_RETRIES = 8;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;

/** Capped exponential backoff with jitter: retry n waits between half and all of min(cap, base·2^(n-1)). */
export function backoffMs(retry: number, random: () => number = Math.random): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface ItemStats {
	requests: number;
	rateLimited: number;
	retried: number;
	waitedMs: number;
}

/** The base message and description of an error before a stopping point was added to them. */
const originals = new WeakMap<object, { message: string; description?: string | null }>();

function outcomeOf(failure: Failure): Outcome {
	if (failure.kind === 'limited') return failure.status === 429 ? 'limited' : 'unavailable';
	if (failure.kind === 'notApplied' || failure.kind === 'maybeApplied') return 'transient';
	return 'other';
}

function whatHappened(failure: Failure): string {
	if (failure.status !== undefined) return `answered ${failure.status}`;
	return `connection failed (${failure.code ?? 'no answer'})`;
}

class ItemSender {
	private readonly context: IExecuteSingleFunctions;
	private readonly platform: PlatformRules;
	private readonly run: NodeRun;
	private readonly index: number;
	private readonly options: PacingOptions;
	readonly stats: ItemStats = { requests: 0, rateLimited: 0, retried: 0, waitedMs: 0 };
	private readonly credentialIdentity: string;

	constructor(context: IExecuteSingleFunctions, platform: PlatformRules, run: NodeRun, index: number, options: PacingOptions) {
		this.context = context;
		this.platform = platform;
		this.run = run;
		this.index = index;
		this.options = options;
		const credential = context.getNode().credentials?.[platform.credentialType];
		this.credentialIdentity = `${platform.credentialType}:${credential?.id ?? credential?.name ?? 'default'}`;
	}

	readonly send: Send = async <T>(request: RequestRules, attempt: () => Promise<T>): Promise<T> => {
		const { run, index } = this;
		const budget = budgetFor(`${this.credentialIdentity}@${request.baseUrl}`);
		run.budgets.add(budget);
		await run.registered();
		const spacingMs = this.options.maxRequestsPerMinute > 0 ? 60_000 / this.options.maxRequestsPerMinute : 0;
		let notBefore = 0;
		let retries = 0;
		let limitedWaitMs = 0;
		let maybeApplied = false;
		const started = Date.now();
		for (;;) {
			if (run.stopping) throw new NotSentError(maybeApplied);
			// A retry still waiting when the run stops was not sent again, but its earlier try may have been applied.
			const ticket = await budget.acquire(run, index, notBefore, spacingMs).catch((caught: unknown) => {
				throw caught instanceof NotSentError ? new NotSentError(maybeApplied) : caught;
			});
			this.stats.requests += 1;
			run.observed.set(index, undefined);
			let failure: Failure;
			let error: unknown;
			try {
				const result = await attempt();
				budget.release(ticket, 'ok', this.signalsOf(run.observed.get(index)));
				return result;
			} catch (caught) {
				error = caught;
				failure = classifyFailure(caught, run.observed.get(index), Date.now(), request.path);
			} finally {
				run.observed.delete(index);
			}
			const waitMs = budget.release(ticket, outcomeOf(failure), failure.signals);

			if (failure.kind === 'limited') {
				this.stats.rateLimited += 1;
				if (waitMs > this.options.maxWaitMs || limitedWaitMs + waitMs > this.options.maxWaitMs) {
					throw this.waitTooLong(failure, waitMs, limitedWaitMs, budget);
				}
				limitedWaitMs += waitMs;
				this.stats.waitedMs += waitMs;
				this.debug(`${this.platform.name} ${whatHappened(failure)}: item ${index} waits ${minutes(waitMs)} and is sent again (${budget.pacer.describe()})`);
				notBefore = 0;
				continue;
			}
			const retryable = failure.kind === 'notApplied' || (failure.kind === 'maybeApplied' && request.repeatable === true);
			if (retryable) {
				retries += 1;
				if (retries > MAX_RETRIES) throw this.gaveUp(error, failure, retries, Date.now() - started);
				const delay = backoffMs(retries);
				maybeApplied ||= failure.kind === 'maybeApplied';
				this.stats.retried += 1;
				this.stats.waitedMs += delay;
				this.debug(`${this.platform.name} ${whatHappened(failure)}: item ${index} is sent again in ${minutes(delay)} (retry ${retries} of ${MAX_RETRIES})`);
				notBefore = Date.now() + delay;
				continue;
			}
			if (failure.kind === 'maybeApplied') throw this.mayHaveBeenApplied(error, failure, request.repeatable as string);
			throw error;
		}
	};

	private signalsOf(observed: ObservedResponse | undefined): RateSignals {
		return observed ? readRateSignals(observed.headers, observed.body, Date.now()) : {};
	}

	private debug(message: string): void {
		this.context.logger?.debug(message, { node: this.context.getNode().name });
	}

	private waitTooLong(failure: Failure, waitMs: number, waitedMs: number, budget: Budget): NodeApiError {
		const { name } = this.platform;
		const asked = waitMs > this.options.maxWaitMs;
		const said = this.platform.messageOf?.(failure.body);
		const limit = failure.signals.limit !== undefined ? `, limit ${failure.signals.limit} requests per window` : '';
		const who = `${name} is rate limiting this credential (${failure.status}${said ? ` "${said}"` : ''}${limit})`;
		const message = asked
			? `${who} and asks to wait ${minutes(waitMs)}, longer than Max Wait on Rate Limit (${minutes(this.options.maxWaitMs)})`
			: `${who}: this item has waited ${minutes(waitedMs)} and would wait ${minutes(waitMs)} more, longer than Max Wait on Rate Limit (${minutes(this.options.maxWaitMs)}) in total`;
		return new NodeApiError(this.context.getNode(), (failure.body ?? {}) as JsonObject, {
			message,
			description: `The request was not applied (${failure.status} Too Many Requests${failure.status === 503 ? ' / Service Unavailable' : ''}). Raise Options > Max Wait on Rate Limit, lower Max Requests per Minute so other work on this credential keeps within the limit, or send fewer items per execution. Learned about the limit: ${budget.pacer.describe()}.`,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
			itemIndex: this.index,
		});
	}

	private gaveUp(error: unknown, failure: Failure, retries: number, elapsedMs: number): NodeApiError | NodeOperationError {
		const nodeError = itemNodeError(this.context, error);
		nodeError.description = [
			`${this.platform.name} ${whatHappened(failure)} ${retries} times in a row over ${minutes(elapsedMs)}; the node gave up on this item. Try again later.`,
			nodeError.description,
		]
			.filter(Boolean)
			.join('\n');
		return nodeError;
	}

	private mayHaveBeenApplied(error: unknown, failure: Failure, reason: string): NodeApiError {
		const what = failure.status === 504 ? 'the platform\'s gateway timed out waiting for it (504)' : `the connection was lost before an answer came (${failure.code ?? 'no answer'})`;
		const original = error instanceof Error ? error.message : String(error);
		const nodeError = new NodeApiError(this.context.getNode(), (failure.body ?? {}) as JsonObject, {
			message: `No answer from ${this.platform.name} for item ${this.index} after it was sent: it may have been applied`,
			description: `${what[0].toUpperCase()}${what.slice(1)}. The node does not send it again by itself because ${reason}. Check it in ${this.platform.name} before sending it again. (${original})`,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
			itemIndex: this.index,
		});
		this.run.markInDoubt(this.index, this.context.getInputData(), nodeError);
		return nodeError;
	}
}

function withDetails(output: INodeExecutionData[], stats: ItemStats): INodeExecutionData[] {
	const pacing: IDataObject = { ...stats };
	return output.map((item) => ({ ...item, json: { ...item.json, pacing } }));
}

/** Adds the stopping point to the error of an item that stopped its run. */
function withStoppingPoint(error: NodeApiError | NodeOperationError, run: NodeRun, index: number, platform: PlatformRules): NodeApiError | NodeOperationError {
	if (run.total <= 1) return error;
	const original = originals.get(error) ?? { message: error.message, description: error.description };
	originals.set(error, original);
	const point = run.stoppingPoint();
	const { headline, lines } = describeStoppingPoint(point, platform.succeededWord);
	error.message = `${original.message} (item ${index}); ${headline}`;
	error.description = [...lines, original.description].filter(Boolean).join('\n');
	// Every range, for an Error Trigger workflow to act on (the description shortens long lists).
	error.context.stoppingPoint = {
		[platform.succeededWord]: itemRanges(point.succeeded, Number.POSITIVE_INFINITY),
		failed: itemRanges(point.failed, Number.POSITIVE_INFINITY),
		mayHaveBeenApplied: itemRanges(point.inDoubt, Number.POSITIVE_INFINITY),
		notSent: itemRanges(point.notSent, Number.POSITIVE_INFINITY),
	};
	return error;
}

/**
 * Runs one item's work (which sends its requests with `send`) paced through its credential's
 * budget, and, with Continue On Fail off, makes a failure a clean stopping point: no new request
 * goes out, the requests already out finish, and the error lists exactly which items went through.
 * With Continue On Fail on, a failure becomes the item's error output, paired with its input.
 */
export async function pacedItem(
	context: IExecuteSingleFunctions,
	platform: PlatformRules,
	work: (send: Send) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	if (!pacingEnabled()) {
		try {
			return await work(async (_request, attempt) => await attempt());
		} catch (error) {
			return failedItem(context, error);
		}
	}
	const run = nodeRunOf(context);
	const index = context.getItemIndex();
	const input = context.getInputData();
	const { replay, inDoubt } = run.begin(index, input);
	if (replay) {
		run.conclude(index, 'succeeded');
		return replay;
	}
	let error: unknown = inDoubt;
	if (!inDoubt) {
		const options = readPacingOptions(context);
		const sender = new ItemSender(context, platform, run, index, options);
		try {
			const output = await work(sender.send);
			const result = options.includeDetails ? withDetails(output, sender.stats) : output;
			run.conclude(index, 'succeeded', { input, items: result });
			return result;
		} catch (caught) {
			if (caught instanceof NotSentError) {
				run.conclude(index, caught.maybeApplied ? 'inDoubt' : 'notSent');
				return [];
			}
			error = caught;
		}
	}
	const nodeError = itemNodeError(context, error);
	run.conclude(index, run.isInDoubt(index, error) ? 'inDoubt' : 'failed');
	if (context.continueOnFail()) {
		return [{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: index } }];
	}
	// An item already in doubt from an earlier Retry On Fail try fails again, but it is not news:
	// the other items still go, so the retry gets everything else through.
	if (!inDoubt) run.stop();
	await run.settled();
	throw withStoppingPoint(nodeError, run, index, platform);
}
