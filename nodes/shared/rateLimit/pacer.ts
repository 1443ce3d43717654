import type { RateSignals } from './signals';

/**
 * The pacing model of one credential's budget: when may the next request start?
 *
 * It models the platform's limit as a bucket of tokens (a request takes one) kept in step with
 * every answer: `X-RateLimit-Remaining` says how many are left, `X-RateLimit-Limit` per window
 * gives the refill rate, and a 429 says "none left, wait this long". Two refill styles are told
 * apart by what the platform does:
 * - **bucket** (Thought Industries' burst + steady rate): tokens come back continuously, so once
 *   the burst is used requests go out one per 1/rate; the rate is re-measured from the readings;
 * - **window** (Laravel's throttle, AcademyOcean): nothing comes back until the window ends, then
 *   all of it. Recognised when a request the bucket model allowed is refused with a long wait;
 *   from then on the budget sends a window's worth, then waits for the window's end.
 * Without any header it learns the rate from 429s alone: after the first one, the rate at which
 * the platform accepted requests since then.
 *
 * Pure: the caller passes the time in, so tests run it against simulated platforms.
 */

/**
 * How an answer went: `limited` a 429; `unavailable` a 503 that says when to come back (Retry-After);
 * `transient` a 502/503/504 or a lost connection; `other` any other error answer.
 */
export type Outcome = 'ok' | 'limited' | 'unavailable' | 'transient' | 'other';

export interface Ticket {
	/** 1 for the first request this budget started, 2 for the next... */
	seq: number;
	sentAt: number;
	/** Whether the model believed a token was available when the request started. */
	modelled: boolean;
}

interface Reading {
	/** When the platform counted it, at the latest (see countedAt). */
	at: number;
	remaining: number;
	/** The ticket whose answer it came from. */
	seq: number;
}

/** Answers kept to estimate from: enough to cover every request that can be in flight at once. */
const READINGS_KEPT = 16;

/** The window length assumed when the platform does not state one: both platforms document per-minute limits. */
export const DEFAULT_WINDOW_MS = 60_000;
/** Sent a little after a predicted window end, so a clock rounding to seconds does not make it early. */
export const WINDOW_MARGIN_MS = 250;
/** Added to a window's end the platform stated in whole seconds. */
const WHOLE_SECOND_MARGIN_MS = 250;
/** The least wait after a refusal, whatever the platform says. */
const MIN_STATED_WAIT_MS = 500;
/** Wait after a 429 that says nothing about how long: the first, doubled each time, capped. */
const LIMITED_BACKOFF_MS = 1000;
const LIMITED_BACKOFF_CAP_MS = 60_000;
/** A refused request whose wait is longer than this many refill intervals (plus a second) means a window, not a bucket. */
const WINDOW_WAIT_FACTOR = 1.5;
const WINDOW_MIN_WAIT_MS = 2000;
/** Paced a little below a rate learned from 429s alone, so that the steady state sees none. */
const MEASURED_RATE_SHARE = 0.97;
/** Refill is measured over at least this long and this many tokens' worth, so that whole-token readings do not skew it. */
const MEASURE_MIN_MS = 2000;
const MEASURE_MIN_TOKENS = 10;
/** A measured refill rate replaces the assumed one when it differs by more than this share. */
const MEASURE_TOLERANCE = 0.15;

export class Pacer {
	readonly maxInFlight: number;
	/** Requests started. */
	sent = 0;
	/** Answers by outcome, for logs and benchmarks. */
	readonly counts: Record<Outcome, number> = { ok: 0, limited: 0, unavailable: 0, transient: 0, other: 0 };

	/** Requests started and not answered yet, by ticket number. */
	private readonly open = new Map<number, number>();
	private blockedUntil = 0;
	private limit?: number;
	private windowMs = DEFAULT_WINDOW_MS;
	private windowStated = false;
	/** Whether the window's length is known: stated by the platform, or learned from a refusal. */
	private windowKnown = false;
	/** Sustained requests per millisecond, when known. */
	private rate?: number;
	private rateSource?: 'limit' | 'measured' | 'refusals' | 'reduced';
	private style: 'bucket' | 'window' = 'bucket';
	/** The latest answers' counts of requests left (see tokens()). */
	private readings: Reading[] = [];
	/** Answers to requests started before the current window began say nothing about it. */
	private windowFirstSeq = 0;
	/** An earlier reading to measure the refill rate against. */
	private anchor?: { at: number; remaining: number; seq: number };
	/** The most tokens seen available at once. */
	private capacity = 0;
	private windowStartedAt?: number;
	/** The lowest count since the limit last refilled, and how many requests were open then. */
	private countFloor?: { remaining: number; open: number };
	/** The last predicted window end the budget acted on: from which request on, and when that window had started. */
	private rolledOver?: { seq: number; startedAt?: number };
	/** The last refusal: when, when it said to come back, and when the window it fell in had started. */
	private refusal?: { at: number; endsAt: number; startedAt?: number };
	/** When the current window ends: known only in the window style. */
	private windowEndsAt?: number;
	private inFlightCap: number;
	private lastSendAt = Number.NEGATIVE_INFINITY;
	/** Whether the platform has ever said how many requests are left (else 429s are all there is). */
	private readsRemaining = false;
	/** Recent round-trip times: a request is counted by the platform about half of one after it starts. */
	private readonly roundTrips: number[] = [];
	private firstLimitedAt?: number;
	private okSinceFirstLimited = 0;
	private limitedInARow = 0;
	/** Refusals the model did not expect, for deciding that its rate is too high. */
	private unexpectedRefusals: number[] = [];
	/** Requests started before the last rate change: their refusals were already counted. */
	private changedAtSeq = 0;

	constructor(maxInFlight = 8) {
		this.maxInFlight = maxInFlight;
		// A budget that has learned nothing sends one request first: its answer says what the limit is.
		this.inFlightCap = 1;
	}

	get inFlight(): number {
		return this.open.size;
	}

	/** Milliseconds until the next request may start: 0 now, Infinity until an answer arrives. */
	delay(now: number): number {
		if (this.open.size >= this.inFlightCap) return Number.POSITIVE_INFINITY;
		if (now < this.blockedUntil) return Math.ceil(this.blockedUntil - now);
		this.rollWindow(now);
		if (this.readings.length) {
			const tokens = this.tokens(now + this.halfRoundTrip());
			if (tokens >= 1) return 0;
			if (this.style === 'window' && this.windowEndsAt !== undefined) {
				return Math.max(1, Math.ceil(this.windowEndsAt + WINDOW_MARGIN_MS - now));
			}
			if (this.style === 'bucket' && this.rate) return Math.max(1, Math.ceil((1 - tokens) / this.rate));
			// None left and no idea when more come: one probe per refill interval (or second); a 429 then says how long.
			const interval = this.rate ? 1 / this.rate : 1000;
			if (this.open.size > 0) return Number.POSITIVE_INFINITY;
			return Math.max(0, Math.ceil(this.lastSendAt + interval - now));
		}
		if (this.rate) return Math.max(0, Math.ceil(this.lastSendAt + 1 / this.rate - now));
		return 0;
	}

	start(now: number): Ticket {
		this.rollWindow(now);
		const modelled = this.readings.length > 0 && this.tokens(now + this.halfRoundTrip()) >= 1;
		this.sent += 1;
		this.open.set(this.sent, now);
		this.lastSendAt = now;
		return { seq: this.sent, sentAt: now, modelled };
	}

	/**
	 * The answer to a request. Returns how long the budget now waits before the next request
	 * (for a 429: the platform's Retry-After, the reset time, or a backoff).
	 */
	finish(ticket: Ticket, now: number, outcome: Outcome, signals: RateSignals = {}): number {
		this.open.delete(ticket.seq);
		this.roundTrips.push(now - ticket.sentAt);
		if (this.roundTrips.length > 16) this.roundTrips.shift();
		this.counts[outcome] += 1;
		this.learnLimit(signals);
		if (outcome === 'limited') return this.limited(ticket, now, signals);
		if (outcome === 'unavailable') return this.unavailable(now, signals);

		this.limitedInARow = 0;
		if (outcome === 'transient') {
			// The platform is struggling: one request at a time until it answers again.
			this.inFlightCap = 1;
			return 0;
		}
		if (outcome === 'ok') {
			this.inFlightCap = Math.min(this.maxInFlight, this.inFlightCap * 2);
			// Read only once a refusal came: learnFromRefusals starts it again from 0 at the first one.
			this.okSinceFirstLimited += 1;
		}
		if (signals.remaining !== undefined) this.read(ticket, now, signals.remaining);
		return 0;
	}

	/** What the budget has learned, for debug logs. */
	describe(): string {
		const parts: string[] = [];
		if (this.rate) parts.push(`${(this.rate * 60_000).toFixed(1)} requests/min (from ${this.rateSource})`);
		if (this.limit !== undefined) parts.push(`limit ${this.limit} per ${Math.round(this.windowMs / 1000)} s`);
		if (this.style === 'window') parts.push('fixed window');
		else if (this.capacity) parts.push(`burst ${this.capacity}`);
		return parts.join(', ') || 'no limit seen yet';
	}

	private learnLimit(signals: RateSignals): void {
		if (signals.windowMs !== undefined) {
			this.windowMs = signals.windowMs;
			this.windowStated = true;
			this.windowKnown = true;
		}
		if (signals.limit === undefined) return;
		this.limit = signals.limit;
		if (this.rateSource === undefined || this.rateSource === 'limit') {
			this.rate = signals.limit / this.windowMs;
			this.rateSource = 'limit';
		}
	}

	/**
	 * Tokens available at `at`, never more than there are. Starting from an answer's count, every
	 * request still open is taken out when it reaches the platform (about half the shortest round
	 * trip after it started, and not before the count), with what came back in between, capped at
	 * the bucket's size. Which answered request the platform counted last is unknown when answers
	 * overtake each other, but its count gives the smallest result of the recent answers', since
	 * every other answered request was counted before it: so the smallest is the estimate.
	 */
	private tokens(at: number): number {
		const refilling = this.style === 'bucket' && this.rate !== undefined;
		const arrival = this.halfRoundTrip();
		const arrivals = [...this.open.values()].map((sentAt) => sentAt + arrival).sort((a, b) => a - b);
		let available = Number.POSITIVE_INFINITY;
		for (const reading of this.readings) {
			const cap = Math.max(this.capacity, reading.remaining);
			let level = reading.remaining;
			let time = reading.at;
			const refill = (until: number) => {
				if (refilling && until > time) level = Math.min(cap, level + (this.rate as number) * (until - time));
				time = Math.max(time, until);
			};
			for (const arrivesAt of arrivals) {
				refill(arrivesAt);
				level -= 1;
			}
			refill(at);
			available = Math.min(available, level);
		}
		return available;
	}

	private addReading(reading: Reading): void {
		if (reading.seq < this.windowFirstSeq) return;
		this.readings.push(reading);
		if (this.readings.length > READINGS_KEPT) this.readings.shift();
	}

	/**
	 * The latest the platform can have counted the request: its answer needed at least about half the
	 * shortest round trip to come back. (Not the middle of this request's round trip: on a busy machine
	 * an answer can wait long in this process after the platform counted the request early.) The
	 * shortest includes this request's own (finish() adds it first); the floor at its start is for a
	 * clock that stepped back.
	 */
	private countedAt(ticket: Ticket, now: number): number {
		return Math.max(ticket.sentAt, now - Math.min(...this.roundTrips) / 2);
	}

	/**
	 * Half the shortest recent round trip: a request started now reaches the platform about then, and
	 * the tokens that come back meanwhile are there for it. The shortest, so as never to be early.
	 * (In the window style nothing comes back, so when a request arrives does not matter.)
	 */
	private halfRoundTrip(): number {
		if (!this.roundTrips.length) return 0;
		return Math.min(...this.roundTrips) / 2;
	}

	/** In window style, once the window has ended the next one is full again. */
	private rollWindow(now: number): void {
		if (this.windowEndsAt === undefined || now < this.windowEndsAt + WINDOW_MARGIN_MS) return;
		const full = this.limit ?? this.capacity;
		// Requests still open were sent in the old window; answers to them say nothing about this one.
		this.windowFirstSeq = this.sent + 1;
		this.readings = [{ at: now, remaining: Math.max(1, full), seq: this.sent + 1 }];
		this.windowEndsAt = undefined;
		this.rolledOver = { seq: this.sent + 1, startedAt: this.windowStartedAt };
		this.windowStartedAt = undefined;
		// The end was predicted from whole seconds: one request first, in case the window still holds.
		this.inFlightCap = 1;
	}

	private read(ticket: Ticket, now: number, remaining: number): void {
		this.readsRemaining = true;
		this.capacity = Math.max(this.capacity, remaining + 1);
		// More left than the lowest count seen can explain (answers overtaking each other can only
		// show the requests that were open then): the limit refilled, or a new window began.
		const floor = this.countFloor;
		const fresh = floor === undefined || remaining > floor.remaining + floor.open;
		if (fresh || remaining < (floor as { remaining: number }).remaining) this.countFloor = { remaining, open: this.open.size };
		// A fresh window starts (nearly) full; anything less is answers overtaking each other.
		const freshWindow = fresh && remaining >= this.capacity - 1 - this.open.size;
		if (freshWindow && this.style === 'bucket' && this.refusal && remaining >= this.capacity - 1) {
			// Everything came back at once after a refusal, far more than the rate refills in that
			// time: a window ended. Its length: from the refused window's first request to its end.
			const refilled = (this.rate ?? 0) * (now - this.refusal.at);
			if (refilled < 0.5 * this.capacity) {
				this.style = 'window';
				this.anchor = undefined;
				// The counts that came before this one were of the window that ended.
				this.readings = [];
				const { startedAt, endsAt } = this.refusal;
				if (startedAt !== undefined && !this.windowStated && endsAt - startedAt >= 1000) {
					this.windowMs = endsAt - startedAt;
					this.windowKnown = true;
				}
			}
		}
		if (freshWindow) {
			// The first answer of a fresh window (answer time: never earlier than the platform started it).
			this.windowStartedAt = now;
			if (this.style === 'window' && this.windowKnown) this.windowEndsAt = now + this.windowMs;
		}
		const at = this.countedAt(ticket, now);
		this.measureRefill(ticket, at, remaining);
		this.addReading({ at, remaining, seq: ticket.seq });
	}

	/**
	 * The refill rate the readings show, over long enough for whole-token readings not to skew it.
	 * It replaces the assumed rate when that is clearly off: a limit stated per second rather than
	 * per minute, or an endpoint category with a lower limit than the header says.
	 */
	private measureRefill(ticket: Ticket, at: number, remaining: number): void {
		if (this.style !== 'bucket') return;
		const full = remaining >= this.capacity - 1;
		const anchor = this.anchor;
		if (!anchor || full) {
			this.anchor = full ? undefined : { at, remaining, seq: ticket.seq };
			return;
		}
		if (ticket.seq <= anchor.seq) return;
		const elapsed = at - anchor.at;
		const expected = (this.rate ?? 0) * elapsed;
		if (elapsed < MEASURE_MIN_MS || (this.rate && expected < MEASURE_MIN_TOKENS)) return;
		const gained = remaining - anchor.remaining + (ticket.seq - anchor.seq);
		const measured = gained / elapsed;
		this.anchor = { at, remaining, seq: ticket.seq };
		if (this.rate && gained <= Math.max(1, 0.1 * expected)) {
			// Nothing came back while plenty should have: the limit is a fixed window that refills at its end.
			this.style = 'window';
			this.anchor = undefined;
			return;
		}
		if (measured <= 0) return;
		if (!this.rate || Math.abs(measured - this.rate) > MEASURE_TOLERANCE * this.rate) {
			this.rate = measured;
			this.rateSource = 'measured';
		}
	}

	/** A 503 with Retry-After: the platform says when to come back; nothing about its rate. */
	private unavailable(now: number, signals: RateSignals): number {
		const wait = signals.retryAfterMs ?? LIMITED_BACKOFF_MS;
		this.inFlightCap = 1;
		this.blockedUntil = Math.max(this.blockedUntil, now + wait);
		return wait;
	}

	private limited(ticket: Ticket, now: number, signals: RateSignals): number {
		this.limitedInARow += 1;
		this.anchor = undefined;
		const untilReset = signals.resetAt !== undefined && signals.resetAt > now ? signals.resetAt - now : undefined;
		const backoff = Math.min(LIMITED_BACKOFF_CAP_MS, LIMITED_BACKOFF_MS * 2 ** (this.limitedInARow - 1));
		// Never a wait of 0 (Laravel answers Retry-After: 0 in the last second of a window), which would
		// have every request refused in a tight loop until the window ends.
		const stated = signals.retryAfterMs ?? untilReset;
		let wait = stated !== undefined ? Math.max(stated, MIN_STATED_WAIT_MS) : backoff * (0.5 + Math.random() / 2);
		/** When the platform says it will take requests again (the window's end, for a window). */
		const endsAt = now + wait;

		if (this.style === 'bucket') {
			// A bucket would give the next token within about one refill interval (Retry-After has whole
			// seconds); a much longer wait is a window's end.
			const interval = this.rate ? 1 / this.rate : 1000;
			const windowEnd = wait >= Math.max(WINDOW_MIN_WAIT_MS, WINDOW_WAIT_FACTOR * interval + 1000);
			if (windowEnd && ticket.modelled) {
				// The model allowed this request and the platform refused it.
				this.style = 'window';
			} else if (!windowEnd && this.rate && !this.readsRemaining && ticket.seq > this.changedAtSeq) {
				// Without readings of what is left (which measure the real refill), a rate stated by a limit
				// header can only be checked by refusals: once is noise, twice within half a minute means too high.
				// (Every request then went out at that rate: with no count there is no model to have allowed it.)
				this.unexpectedRefusals = this.unexpectedRefusals.filter((at) => now - at < 30_000);
				this.unexpectedRefusals.push(now);
				if (this.unexpectedRefusals.length >= 2) {
					this.rate *= 0.85;
					this.rateSource = 'reduced';
					this.changedAtSeq = this.sent;
					this.unexpectedRefusals = [];
				}
			}
		}
		if (this.style === 'window') {
			// The window's length is learned from the end as stated; the wait gets a margin, since a
			// whole-second end can be up to a second early.
			if (stated !== undefined) wait += WHOLE_SECOND_MARGIN_MS;
			const rolled = this.rolledOver;
			if (rolled && ticket.seq >= rolled.seq && rolled.startedAt !== undefined && !this.windowStated) {
				// The window predicted to have ended had not: it is at least this long.
				const length = endsAt - rolled.startedAt;
				if (length < 1.5 * this.windowMs) this.windowMs = Math.max(this.windowMs, length);
				this.rolledOver = undefined;
			}
			if (this.windowStartedAt !== undefined && !this.windowStated && endsAt - this.windowStartedAt >= 1000) {
				// Whole-second ends make each estimate up to a second short: keep the longest seen.
				// (A length far beyond the known one comes from a window whose start was not seen.)
				const length = endsAt - this.windowStartedAt;
				if (!this.windowKnown) this.windowMs = length;
				else if (length < 1.5 * this.windowMs) this.windowMs = Math.max(this.windowMs, length);
				this.windowKnown = true;
				if (this.limit !== undefined && (this.rateSource === 'limit' || this.rateSource === 'measured')) {
					this.rate = this.limit / this.windowMs;
					this.rateSource = 'limit';
				}
			}
			this.windowEndsAt = endsAt;
		}
		this.refusal = { at: now, endsAt, startedAt: this.windowStartedAt };
		if (signals.remaining !== undefined) this.readsRemaining = true;
		if (this.readsRemaining) this.addReading({ at: this.countedAt(ticket, now), remaining: 0, seq: ticket.seq });
		if (!this.readsRemaining && signals.limit === undefined) this.learnFromRefusals(now);
		// After a refusal, start again carefully: one request, then more as answers come back.
		this.inFlightCap = 1;
		this.blockedUntil = Math.max(this.blockedUntil, now + wait);
		return wait;
	}

	/** No headers at all: the rate is how fast the platform accepted requests since it first refused one. */
	private learnFromRefusals(now: number): void {
		if (this.firstLimitedAt === undefined) {
			this.firstLimitedAt = now;
			this.okSinceFirstLimited = 0;
			return;
		}
		const elapsed = now - this.firstLimitedAt;
		if (elapsed < 1000 || this.okSinceFirstLimited < 5) return;
		this.rate = (MEASURED_RATE_SHARE * this.okSinceFirstLimited) / elapsed;
		this.rateSource = 'refusals';
	}
}
