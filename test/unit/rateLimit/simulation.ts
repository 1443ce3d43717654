/**
 * A platform and one or more clients in simulated time: each client drives a Pacer exactly as the
 * budget's pump does (start a request whenever delay() says 0, feed every answer to finish()),
 * against one of the fake platforms' limiters. Latency is fixed per request plus jitter. Nothing
 * sleeps, so thousands of requests run in milliseconds.
 */
import { Pacer } from '../../../nodes/shared/rateLimit/pacer';
import type { Outcome, Ticket } from '../../../nodes/shared/rateLimit/pacer';
import { readRateSignals } from '../../../nodes/shared/rateLimit/signals';
import type { Limiter } from '../../fakes/rateLimit/limiters.ts';

export interface SimulationSettings {
	limiter: Limiter;
	requests: number;
	/** Round-trip time of one request, ms. */
	latencyMs: number;
	/** Extra random latency, 0..jitterMs. */
	jitterMs: number;
	/** A deterministic random source (fast-check gives one). */
	random: () => number;
	/** Pacers sharing one budget send as one client; separate pacers compete (for comparisons). */
	pacers?: Pacer[];
	/** Stops a run that would go on forever (a bug). */
	maxSimulatedMs?: number;
	/** The clock at the start (a real clock's second boundaries fall anywhere in a run; Laravel's throttle rounds to them). */
	startAtMs?: number;
}

export interface SimulationResult {
	elapsedMs: number;
	accepted: number;
	limited: number;
	/** Time each request reached the platform, whether accepted or refused. */
	arrivals: number[];
	/** Time each accepted request reached the platform. */
	acceptedAt: number[];
}

interface InFlight {
	pacer: Pacer;
	ticket: Ticket;
	arriveAt: number;
	answerAt: number;
	answer?: { outcome: Outcome; headers: Record<string, string>; body: unknown };
}

export function simulate(settings: SimulationSettings): SimulationResult {
	const pacers = settings.pacers ?? [new Pacer()];
	const maxMs = settings.maxSimulatedMs ?? 3_600_000;
	const origin = settings.startAtMs ?? 0;
	let now = origin;
	let remainingToSend = settings.requests;
	let accepted = 0;
	let limited = 0;
	const arrivals: number[] = [];
	const acceptedAt: number[] = [];
	const inFlight: InFlight[] = [];
	/** Requests refused with 429 go back to the queue. */
	let pending = settings.requests;
	let turn = 0;

	while (pending > 0) {
		if (now - origin > maxMs) throw new Error(`simulation exceeded ${maxMs} ms with ${pending} requests pending`);
		// Start every request the pacers allow now (round-robin over the clients).
		for (let started = true; started && remainingToSend > 0; ) {
			started = false;
			for (let index = 0; index < pacers.length && remainingToSend > 0; index++) {
				const pacer = pacers[(turn + index) % pacers.length];
				if (pacer.delay(now) !== 0) continue;
				const ticket = pacer.start(now);
				const latency = settings.latencyMs + settings.random() * settings.jitterMs;
				inFlight.push({ pacer, ticket, arriveAt: now + latency / 2, answerAt: now + latency });
				remainingToSend -= 1;
				started = true;
			}
			turn += 1;
		}
		// Next event: an arrival at the platform, an answer, or a pacer's wait ending.
		let next = Number.POSITIVE_INFINITY;
		for (const request of inFlight) next = Math.min(next, request.answer ? request.answerAt : request.arriveAt);
		if (remainingToSend > 0) for (const pacer of pacers) next = Math.min(next, now + pacer.delay(now));
		if (!Number.isFinite(next)) throw new Error('simulation stalled: nothing in flight and every pacer waits for an answer');
		now = Math.max(now, next);

		for (const request of [...inFlight]) {
			if (!request.answer && request.arriveAt <= now) {
				const answer = settings.limiter.take('key', request.arriveAt);
				arrivals.push(request.arriveAt);
				if (answer.admitted) acceptedAt.push(request.arriveAt);
				request.answer = { outcome: answer.admitted ? 'ok' : 'limited', headers: answer.headers, body: answer.body };
			}
			if (request.answer && request.answerAt <= now) {
				inFlight.splice(inFlight.indexOf(request), 1);
				const signals = readRateSignals(request.answer.headers, request.answer.body, request.answerAt);
				request.pacer.finish(request.ticket, request.answerAt, request.answer.outcome, signals);
				if (request.answer.outcome === 'ok') {
					accepted += 1;
					pending -= 1;
				} else {
					limited += 1;
					remainingToSend += 1;
				}
			}
		}
	}
	return { elapsedMs: now - origin, accepted, limited, arrivals, acceptedAt };
}
