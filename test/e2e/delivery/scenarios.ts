// The delivery fault scenarios, for either topology. Each returns its figures (Thought Industries calls
// per unique event, answers the platform got) for the suite's summary.
import type { PlatformEvent, Tally } from './events.ts';
import { academyOceanEvents, canvasEvents, tally } from './events.ts';
import { NO_LOG, PlatformLedger, deliver, inParallel, resendUntilAcknowledged } from './platform.ts';
import type { Topology } from './topology.ts';
import { FAULT_RUNNING_TIMEOUT_S } from './topology.ts';

export interface ScenarioResult {
	scenario: string;
	topology: Topology['name'];
	tally: Tally;
	answers: Record<string, number>;
	retryRounds: number;
	seconds: number;
	notes: string[];
	/** 2xx answers that were not the trigger's (by body, with the events that got them). */
	unexpectedAnswers: Record<string, string[]>;
}

/** Waits until `count()` has not changed for `quietMs` (bounded by `timeoutMs`). */
export async function settled(count: () => number, quietMs = 5000, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = count();
	let since = Date.now();
	while (Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		const now = count();
		if (now !== last) {
			last = now;
			since = Date.now();
		} else if (Date.now() - since >= quietMs) return;
	}
}

function mixedEvents(topology: Topology, academyOcean: number, canvas: number, run: number): PlatformEvent[] {
	const { faultWorkflows, secrets, key } = topology;
	return [
		...academyOceanEvents(academyOcean, faultWorkflows.academyOcean.path, secrets.academyOceanWebhookSecret, run),
		...canvasEvents(canvas, faultWorkflows.canvas.path, key, run),
	];
}

/** The activities Thought Industries recorded since `from`. */
const activitiesSince = (topology: Topology, from: number) => topology.fakes.thoughtIndustries.activities.slice(from);

/**
 * Every event delivered three times: once, once at the same moment to another webhook processor (the
 * same n8n for a single process), and once 2 s later through the usual entry; then the platform resends
 * whatever got no 2xx. Target: exactly one Thought Industries call per event.
 */
export async function tripleDelivery(topology: Topology, { academyOcean = 200, canvas = 100, concurrency = 6, log = NO_LOG } = {}): Promise<ScenarioResult> {
	const started = Date.now();
	const events = mixedEvents(topology, academyOcean, canvas, 1);
	const from = topology.fakes.thoughtIndustries.activities.length;
	const ledger = new PlatformLedger();
	const [first, second] = [topology.receivers[0], topology.receivers[1 % topology.receivers.length]];
	const late: Array<Promise<unknown>> = [];
	await inParallel(events, concurrency, async (event) => {
		late.push(new Promise((resolve) => setTimeout(resolve, 2000)).then(async () => await deliver(topology.entry, event, ledger)));
		await Promise.all([deliver(first, event, ledger), deliver(second, event, ledger)]);
	});
	await Promise.all(late);
	log(`3 deliveries of ${events.length} events sent in ${Math.round((Date.now() - started) / 1000)} s; answers ${JSON.stringify(ledger.answerCounts())}`);
	const retryRounds = await resendUntilAcknowledged(topology.entry, events, ledger, { log });
	await settled(() => topology.fakes.thoughtIndustries.activities.length);
	return {
		scenario: `${academyOcean} AcademyOcean + ${canvas} Canvas events, each delivered 3 times`,
		topology: topology.name,
		tally: tally(events, activitiesSince(topology, from)),
		answers: ledger.answerCounts(),
		retryRounds,
		seconds: Math.round((Date.now() - started) / 1000),
		notes: [],
		unexpectedAnswers: ledger.unexpectedAnswers(),
	};
}

/**
 * A 300-event burst, one delivery each; once a third of the events are acknowledged, the process that
 * runs the executions is killed (SIGKILL) and started again, while the platform keeps sending and then
 * resends everything that got no 2xx. Target: every event recorded in Thought Industries exactly once.
 * The deliveries whose executions the kill cut short are counted: only those can run twice (the side
 * effect may have happened before the process died, the success was never recorded).
 */
export async function crashMidBurst(topology: Topology, { academyOcean = 200, canvas = 100, concurrency = 12, log = NO_LOG } = {}): Promise<ScenarioResult & { cutShort: number }> {
	const started = Date.now();
	const events = mixedEvents(topology, academyOcean, canvas, 2);
	const from = topology.fakes.thoughtIndustries.activities.length;
	const ledger = new PlatformLedger();
	const inFlight = new Set<string>();
	let crashed: Promise<{ killed: string; cutShort: number }> | undefined;
	let recovered: Promise<void> | undefined;
	const crashAt = Math.floor(events.length / 3);
	await inParallel(events, concurrency, async (event) => {
		inFlight.add(event.key);
		await deliver(topology.entry, event, ledger);
		inFlight.delete(event.key);
		if (!crashed && ledger.acknowledged.size >= crashAt) {
			const cutShort = inFlight.size;
			crashed = topology.crash().then((killed) => ({ killed, cutShort }));
			log(`killed mid-burst after ${ledger.acknowledged.size} acknowledged events, ${cutShort} in flight`);
			// The platform keeps sending while the process is down; the restart comes a few seconds later.
			recovered = crashed.then(async () => await new Promise((resolve) => setTimeout(resolve, 3000))).then(async () => await topology.recover());
		}
	});
	if (!crashed) throw new Error('the burst ended before the crash point');
	const { killed, cutShort } = await crashed;
	// The platform's retries come after the restart, as its backoff would have them.
	await recovered;
	log(`burst sent in ${Math.round((Date.now() - started) / 1000)} s; answers so far ${JSON.stringify(ledger.answerCounts())}`);
	// Claims of executions the crash cut short hold their retries off for the running-delivery timeout.
	const retryRounds = await resendUntilAcknowledged(topology.entry, events, ledger, { log, rounds: 16, intervalMs: (FAULT_RUNNING_TIMEOUT_S * 1000) / 2 });
	await settled(() => topology.fakes.thoughtIndustries.activities.length);
	return {
		scenario: `SIGKILL of ${killed} mid ${events.length}-event burst, restart, platform resends`,
		topology: topology.name,
		tally: tally(events, activitiesSince(topology, from)),
		answers: ledger.answerCounts(),
		retryRounds,
		seconds: Math.round((Date.now() - started) / 1000),
		cutShort,
		notes: [`${cutShort} deliveries were in flight when the process was killed`],
		unexpectedAnswers: ledger.unexpectedAnswers(),
	};
}
