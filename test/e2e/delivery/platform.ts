// The tests play the platform: deliveries with Canvas's 15 s timeout, an answer outside 2xx (or none) means
// "send it again later", and the platform keeps resending until it gets a 2xx (bounded rounds).
import type { PlatformEvent } from './events.ts';

/** Canvas gives up on an answer after 15 s. */
export const PLATFORM_TIMEOUT_MS = 15_000;

export interface Attempt {
	status: number | 'timeout' | 'refused' | 'error';
	ms: number;
	/** The body of a 2xx answer, when it is not one of the trigger's own (empty, or {"received":true...}). */
	unexpected?: string;
}

/** For optional loggers. */
export const NO_LOG: (line: string) => void = () => {};

/** The 2xx bodies the trigger's answers have: "When Last Node Finishes" sends none, the others are its JSON. */
const triggerAnswer = (body: string) => body === '' || body.startsWith('{"received":true');

/** What the platform knows per event: whether it got a 2xx for any delivery of it. */
export class PlatformLedger {
	readonly attempts = new Map<string, Attempt[]>();
	readonly acknowledged = new Set<string>();

	record(event: PlatformEvent, attempt: Attempt): void {
		const list = this.attempts.get(event.key) ?? [];
		list.push(attempt);
		this.attempts.set(event.key, list);
		if (typeof attempt.status === 'number' && attempt.status >= 200 && attempt.status < 300) this.acknowledged.add(event.key);
	}

	unacknowledged(events: PlatformEvent[]): PlatformEvent[] {
		return events.filter((event) => !this.acknowledged.has(event.key));
	}

	/**
	 * 2xx answers the trigger did not write, by body: e.g. n8n's own 200 "Workflow executed successfully
	 * but no data was returned" for an execution that failed to start (then nothing ran).
	 */
	unexpectedAnswers(): Record<string, string[]> {
		const found: Record<string, string[]> = {};
		for (const [key, list] of this.attempts) for (const { unexpected } of list) if (unexpected !== undefined) (found[unexpected] ??= []).push(key);
		return found;
	}

	/** Answers by kind, for the report: { '200': 512, '503': 12, timeout: 3, ... }. */
	answerCounts(): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const list of this.attempts.values()) for (const { status } of list) counts[String(status)] = (counts[String(status)] ?? 0) + 1;
		return counts;
	}
}

/** One delivery of `event` to `baseUrl` (an n8n process or the proxy), as the platform sends it. */
export async function deliver(baseUrl: string, event: PlatformEvent, ledger: PlatformLedger): Promise<Attempt> {
	const { body, headers } = event.delivery();
	const started = Date.now();
	let status: Attempt['status'];
	let unexpected: string | undefined;
	try {
		const response = await fetch(`${baseUrl}${event.path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS) });
		const text = await response.text();
		status = response.status;
		if (status >= 200 && status < 300 && !triggerAnswer(text)) unexpected = text.slice(0, 200);
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		status = (error as Error).name === 'TimeoutError' ? 'timeout' : cause === 'ECONNREFUSED' ? 'refused' : 'error';
	}
	const attempt: Attempt = { status, ms: Date.now() - started, ...(unexpected === undefined ? {} : { unexpected }) };
	ledger.record(event, attempt);
	return attempt;
}

/** Runs `task` over `items` with at most `concurrency` at a time. */
export async function inParallel<T>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, items.length) }, async () => {
			while (next < items.length) {
				const index = next++;
				await task(items[index], index);
			}
		}),
	);
}

/**
 * The platform's retries, with backoff as Canvas's: after `intervalMs`, doubling up to a minute, each
 * event not yet acknowledged is sent again, until all are acknowledged or `rounds` are used up.
 * Returns the rounds it took.
 */
export async function resendUntilAcknowledged(
	baseUrl: string,
	events: PlatformEvent[],
	ledger: PlatformLedger,
	{ rounds = 12, intervalMs = 10_000, concurrency = 8, log = NO_LOG } = {},
): Promise<number> {
	for (let round = 1; round <= rounds; round++) {
		const pending = ledger.unacknowledged(events);
		if (!pending.length) return round - 1;
		await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, intervalMs * 2 ** Math.min(round - 1, 3))));
		log(`platform retry round ${round}: ${pending.length} event(s) not acknowledged yet`);
		await inParallel(pending, concurrency, async (event) => {
			await deliver(baseUrl, event, ledger);
		});
	}
	return rounds;
}
