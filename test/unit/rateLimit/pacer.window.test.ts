/**
 * Fixed windows (Laravel's throttle, AcademyOcean): how the pacer tells one from a bucket, learns its
 * length, waits for its end with a margin, and starts the next one carefully. Explicit times
 * throughout; every request takes 100 ms there and back unless said otherwise.
 */
import { Pacer } from '../../../nodes/shared/rateLimit/pacer';
import type { RateSignals } from '../../../nodes/shared/rateLimit/signals';
import { exchange } from './exchange.ts';

/** Answers counting down from `first` left, one request at a time from `from`; returns when the last was answered. */
function countDown(pacer: Pacer, from: number, first: number, last: number, signals: RateSignals = {}): number {
	let now = from;
	for (let remaining = first; remaining >= last; remaining -= 1) {
		exchange(pacer, now, now + 100, 'ok', { ...signals, remaining });
		now += 100;
	}
	return now;
}

afterEach(() => jest.restoreAllMocks());

describe('a long wait on a request the model allowed means a window', () => {
	/** 2 then 1 left (a burst of 3), then a request the count allows is refused. */
	function refusedWithOneLeft(wait: number, signals: RateSignals = {}): { pacer: Pacer; returned: number } {
		const pacer = new Pacer();
		countDown(pacer, 0, 2, 1, signals);
		const ticket = pacer.start(200);
		expect(ticket.modelled).toBe(true);
		return { pacer, returned: pacer.finish(ticket, 300, 'limited', { ...signals, retryAfterMs: wait }) };
	}

	test('with no rate known: 2.5 s or more (1.5 assumed 1 s intervals plus a second)', () => {
		const under = refusedWithOneLeft(2499);
		expect(under.returned).toBe(2499);
		expect(under.pacer.describe()).toBe('burst 3');
		const at = refusedWithOneLeft(2500);
		// A window's end stated in whole seconds gets a margin.
		expect(at.returned).toBe(2750);
		expect(at.pacer.describe()).toBe('fixed window');
	});

	test('with a slow stated rate: 1.5 refill intervals plus a second', () => {
		// 20 per minute: one per 3 s, so 5.5 s.
		expect(refusedWithOneLeft(5499, { limit: 20 }).returned).toBe(5499);
		expect(refusedWithOneLeft(5500, { limit: 20 }).returned).toBe(5750);
	});

	test('with a fast stated rate: never under 2 s', () => {
		// 6000 per minute: one per 10 ms.
		expect(refusedWithOneLeft(1999, { limit: 6000 }).returned).toBe(1999);
		expect(refusedWithOneLeft(2000, { limit: 6000 }).returned).toBe(2250);
	});

	test('a refusal of a request the model did not allow says nothing about the style', () => {
		const pacer = new Pacer();
		expect(exchange(pacer, 0, 100, 'limited', { retryAfterMs: 30_000 })).toBe(30_000);
		expect(pacer.describe()).toBe('no limit seen yet');
	});

	test('the window is taken to run from its first answer to the stated end', () => {
		const { pacer } = refusedWithOneLeft(4900, { limit: 60 });
		// First answer at 100, end at 300 + 4900: 5.1 s, so 60 per 5.1 s.
		expect(pacer.describe()).toBe('705.9 requests/min (from limit), limit 60 per 5 s, fixed window');
	});

	test('answers that overtook each other are not a refill: the window still runs from its first answer', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { limit: 60, remaining: 4 });
		const counted4 = pacer.start(100);
		const counted3 = pacer.start(100);
		// Counted 4 then 3 (a token came back meanwhile), answered 3 first.
		pacer.finish(counted3, 200, 'ok', { limit: 60, remaining: 3 });
		pacer.finish(counted4, 210, 'ok', { limit: 60, remaining: 4 });
		const refused = pacer.start(210);
		expect(refused.modelled).toBe(true);
		pacer.finish(refused, 300, 'limited', { limit: 60, retryAfterMs: 4900 });
		// From 100 to 5200: 5.1 s.
		expect(pacer.describe()).toBe('705.9 requests/min (from limit), limit 60 per 5 s, fixed window');
	});

	test('a count back to full less the requests still in flight starts a window', () => {
		const pacer = new Pacer();
		countDown(pacer, 0, 4, 1, { limit: 60 });
		// Long after, three at once; the first answered was counted last, with the other two taken.
		const [last, second, first] = [pacer.start(5000), pacer.start(5000), pacer.start(5000)];
		pacer.finish(last, 5100, 'ok', { limit: 60, remaining: 2 });
		pacer.finish(second, 5110, 'ok', { limit: 60, remaining: 3 });
		pacer.finish(first, 5120, 'ok', { limit: 60, remaining: 4 });
		const refused = pacer.start(5120);
		expect(refused.modelled).toBe(true);
		pacer.finish(refused, 5220, 'limited', { limit: 60, retryAfterMs: 4880 });
		// From the fresh answer at 5100 to 10_100.
		expect(pacer.describe()).toBe('720.0 requests/min (from limit), limit 60 per 5 s, fixed window');
	});

	test('a rate measured from the counts gives way to the limit per the window found', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { limit: 600, remaining: 99 });
		exchange(pacer, 100, 200, 'ok', { limit: 600, remaining: 5 });
		exchange(pacer, 2100, 2200, 'ok', { limit: 600, remaining: 28 });
		expect(pacer.describe()).toBe('720.0 requests/min (from measured), limit 600 per 60 s, burst 100');
		const refused = pacer.start(2200);
		expect(refused.modelled).toBe(true);
		pacer.finish(refused, 2300, 'limited', { limit: 600, retryAfterMs: 3000 });
		// From the first answer (100) to 5300: 600 per 5.2 s.
		expect(pacer.describe()).toBe('6923.1 requests/min (from limit), limit 600 per 5 s, fixed window');
	});

	test('a stated window length is not replaced by a longer one a refusal shows', () => {
		const { pacer } = refusedWithOneLeft(4900, { limit: 60, windowMs: 4000 });
		expect(pacer.describe()).toBe('900.0 requests/min (from limit), limit 60 per 4 s, fixed window');
	});

	test('a count equal to the lowest keeps the requests open when the lowest was seen', () => {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { limit: 60, remaining: 4 });
		const counted3 = pacer.start(100);
		const countedAgain3 = pacer.start(100);
		// 3 left with one still open (it may have been counted before: 4 would not be a refill), then 3 again.
		pacer.finish(counted3, 200, 'ok', { limit: 60, remaining: 3 });
		pacer.finish(countedAgain3, 210, 'ok', { limit: 60, remaining: 3 });
		exchange(pacer, 210, 300, 'ok', { limit: 60, remaining: 4 });
		const refused = pacer.start(300);
		expect(refused.modelled).toBe(true);
		pacer.finish(refused, 400, 'limited', { limit: 60, retryAfterMs: 4800 });
		// Not a fresh window at 300: it still runs from 100, to 5200.
		expect(pacer.describe()).toBe('705.9 requests/min (from limit), limit 60 per 5 s, fixed window');
	});

	test('a stated window length is never replaced by one learned', () => {
		const { pacer } = refusedWithOneLeft(4900, { limit: 60, windowMs: 10_000 });
		expect(pacer.describe()).toBe('360.0 requests/min (from limit), limit 60 per 10 s, fixed window');
	});
});

describe('at a window end', () => {
	/** The window style learned from a 2.5 s wait at 300: first answer at 100, end at 2800, so 2.7 s long. */
	function windowLearned(): Pacer {
		const pacer = new Pacer();
		countDown(pacer, 0, 2, 1);
		expect(pacer.finish(pacer.start(200), 300, 'limited', { retryAfterMs: 2500 })).toBe(2750);
		return pacer;
	}

	test('a refusal that states no wait backs off without the margin', () => {
		jest.spyOn(Math, 'random').mockReturnValue(1);
		const pacer = windowLearned();
		exchange(pacer, 3050, 3150, 'ok', { remaining: 2 });
		expect(exchange(pacer, 3150, 3250, 'limited')).toBe(1000);
	});

	test('the budget waits until 250 ms after the stated end', () => {
		const pacer = windowLearned();
		expect(pacer.delay(300)).toBe(2750);
		expect(pacer.delay(3049)).toBe(1);
		expect(pacer.delay(3050)).toBe(0);
	});

	test('sends one request first, then as the new window\'s counts allow', () => {
		const pacer = windowLearned();
		const first = pacer.start(3050);
		// The full window is assumed (the burst seen: 3).
		expect(first.modelled).toBe(true);
		expect(pacer.delay(3050)).toBe(Number.POSITIVE_INFINITY);
		pacer.finish(first, 3150, 'ok', { remaining: 2 });
		expect(pacer.delay(3150)).toBe(0);
	});

	test('a fresh window\'s first answer predicts its end from the learned length', () => {
		const pacer = windowLearned();
		// Fresh window at 3150: ends 2700 ms later, at 5850.
		const drained = countDown(pacer, 3050, 2, 0);
		expect(drained).toBe(3350);
		expect(pacer.delay(3350)).toBe(5850 + 250 - 3350);
		expect(pacer.delay(6099)).toBe(1);
		expect(pacer.delay(6100)).toBe(0);
		// Three answers raised the cap to 8; a predicted end is only a prediction: one request first.
		pacer.start(6100);
		expect(pacer.delay(6100)).toBe(Number.POSITIVE_INFINITY);
	});

	test('until the new window\'s first count, it is taken as full', () => {
		const pacer = windowLearned();
		// An answer without a count (cap 2 after it): the window of 3 still has room for both.
		exchange(pacer, 3050, 3150);
		expect([pacer.start(3150).modelled, pacer.start(3150).modelled]).toEqual([true, true]);
	});

	test('nothing comes back before the end, whatever the stated rate', () => {
		const pacer = new Pacer();
		// As windowLearned, with 60 per minute stated: once the window is known (2.7 s), 60 per 2.7 s.
		countDown(pacer, 0, 2, 1, { limit: 60 });
		pacer.finish(pacer.start(200), 300, 'limited', { limit: 60, retryAfterMs: 2500 });
		const drained = countDown(pacer, 3050, 2, 0, { limit: 60 });
		expect(pacer.delay(drained)).toBe(5850 + 250 - drained);
	});

	test('answers to requests sent in the old window say nothing about the new one', () => {
		const pacer = windowLearned();
		// The new window (end predicted at 5850): 2 left, then two sent; one answered with 1 left, one slow.
		exchange(pacer, 3050, 3150, 'ok', { remaining: 2 });
		const answered = pacer.start(3150);
		const slow = pacer.start(3150);
		pacer.finish(answered, 3250, 'ok', { remaining: 1 });
		expect(pacer.delay(3250)).toBe(5850 + 250 - 3250);
		// Rolled over at 6100 with `slow` still open; its count of the old window comes after.
		expect(pacer.delay(6100)).toBe(0);
		pacer.finish(slow, 6200, 'ok', { remaining: 0 });
		const first = pacer.start(6200);
		expect(first.modelled).toBe(true);
		// The new window's own first answer counts: none left, so its end is awaited (one probe a second).
		pacer.finish(first, 6300, 'ok', { remaining: 0 });
		expect(pacer.delay(6300)).toBe(900);
	});
});

describe('everything back at once after a refusal means a window', () => {
	/** 2, 1, 0 left; a refusal answered at 400 saying to wait `wait`; then a full count at `answeredAt`. */
	function refillAfterRefusal(wait: number, answeredAt: number, remaining = 2, signals: RateSignals = {}): Pacer {
		const pacer = new Pacer();
		countDown(pacer, 0, 2, 0, signals);
		const refused = pacer.start(300);
		expect(refused.modelled).toBe(false);
		expect(pacer.finish(refused, 400, 'limited', { ...signals, retryAfterMs: wait })).toBe(wait);
		exchange(pacer, answeredAt - 100, answeredAt, 'ok', { ...signals, remaining });
		return pacer;
	}

	test('the full count right after the refusal switches to the window style', () => {
		const pacer = refillAfterRefusal(3900, 4400);
		expect(pacer.describe()).toBe('fixed window');
		// The counts of the window that ended (the refusal's none left among them) are dropped.
		expect(pacer.delay(4400)).toBe(0);
	});

	test('a count short of full does not', () => {
		expect(refillAfterRefusal(3900, 4400, 1).describe()).toBe('burst 3');
	});

	test('the window runs from the refused window\'s first answer to its stated end', () => {
		// First answer at 100, end at 400 + 3900: 4.2 s. The new window's first answer at 4400 ends it at 8600.
		const pacer = refillAfterRefusal(3900, 4400);
		const drained = countDown(pacer, 4400, 1, 0);
		expect(pacer.delay(drained)).toBe(8600 + 250 - drained);
	});

	test('a window under a second is not learned from it', () => {
		// End at 400 + 699: 999 ms after the first answer. Without a known length, one probe a second.
		const short = refillAfterRefusal(699, 1200);
		const drained = countDown(short, 1200, 1, 0);
		expect(short.describe()).toBe('fixed window');
		expect(short.delay(drained)).toBe(1000 - 100);
		// 700: exactly a second, learned; the new window (first answer at 1200) ends at 2200.
		const second = refillAfterRefusal(700, 1200);
		const secondDrained = countDown(second, 1200, 1, 0);
		expect(second.delay(secondDrained)).toBe(2200 + 250 - secondDrained);
	});

	test('not when the stated rate alone would have refilled half the bucket since the refusal', () => {
		// 3 per minute: 1.5 tokens (half of 3) come back in 30 s.
		expect(refillAfterRefusal(3900, 30_300, 2, { limit: 3 }).describe()).toContain('fixed window');
		expect(refillAfterRefusal(3900, 30_500, 2, { limit: 3 }).describe()).toBe('3.0 requests/min (from limit), limit 3 per 60 s, burst 3');
	});

	test('exactly half the bucket refilled by the stated rate is a bucket\'s doing', () => {
		// 2 per 2048 ms: a token every 1024 ms, so 1.5 tokens (half of 3) in 1536 ms after the refusal at 400.
		const signals = { limit: 2, windowMs: 2048 };
		expect(refillAfterRefusal(1000, 1935, 2, signals).describe()).toContain('fixed window');
		expect(refillAfterRefusal(1000, 1936, 2, signals).describe()).toContain('burst 3');
	});

	test('a stated window length is kept', () => {
		const pacer = refillAfterRefusal(3900, 4400, 2, { limit: 3, windowMs: 10_000 });
		expect(pacer.describe()).toBe('18.0 requests/min (from limit), limit 3 per 10 s, fixed window');
		const drained = countDown(pacer, 4400, 1, 0, { limit: 3, windowMs: 10_000 });
		expect(pacer.delay(drained)).toBe(14_400 + 250 - drained);
	});
});

describe('window length learned from later refusals', () => {
	/** A window 4.2 s long learned (see above), its next window begun at 4400 and drained by 4600. */
	function secondWindow(): Pacer {
		const pacer = new Pacer();
		countDown(pacer, 0, 2, 0);
		pacer.finish(pacer.start(300), 400, 'limited', { retryAfterMs: 3900 });
		countDown(pacer, 4300, 2, 0);
		return pacer;
	}

	test('a refusal inside a window makes it at least as long as its end says', () => {
		const pacer = secondWindow();
		// Refused at 4700: ends at 9700, 5.3 s after the window's first answer (4400).
		expect(exchange(pacer, 4600, 4700, 'limited', { retryAfterMs: 5000 })).toBe(5250);
		expect(pacer.delay(9949)).toBe(1);
		// The next window: first answer at 10_050, so its end is 5300 ms later.
		const drained = countDown(pacer, 9950, 2, 0);
		expect(pacer.delay(drained)).toBe(10_050 + 5300 + 250 - drained);
	});

	test('an end that says the window is shorter does not shorten it', () => {
		const pacer = secondWindow();
		exchange(pacer, 4600, 4700, 'limited', { retryAfterMs: 3000 });
		const drained = countDown(pacer, 7950, 2, 0);
		expect(pacer.delay(drained)).toBe(8050 + 4200 + 250 - drained);
	});

	test('an end 1.5 times the known length or more is not believed', () => {
		// 6.3 s (the first answer at 4400 to 10_700) is at least 1.5 x 4.2 s.
		const pacer = secondWindow();
		exchange(pacer, 4600, 4700, 'limited', { retryAfterMs: 6000 });
		const drained = countDown(pacer, 10_950, 2, 0);
		expect(pacer.delay(drained)).toBe(11_050 + 4200 + 250 - drained);
		// Just under: 6.2 s is believed.
		const under = secondWindow();
		exchange(under, 4600, 4700, 'limited', { retryAfterMs: 5900 });
		const underDrained = countDown(under, 10_850, 2, 0);
		expect(under.delay(underDrained)).toBe(10_950 + 6200 + 250 - underDrained);
	});

	test('when the first request after a predicted end is refused, the window was longer', () => {
		const pacer = secondWindow();
		// Predicted end 4400 + 4200 = 8600: rolled over at 8850, and that first request is refused.
		expect(pacer.delay(8850)).toBe(0);
		expect(exchange(pacer, 8850, 8950, 'limited', { retryAfterMs: 1000 })).toBe(1250);
		// The window that began at 4400 ends at 9950: 5.55 s.
		const drained = countDown(pacer, 10_200, 2, 0);
		expect(pacer.delay(drained)).toBe(10_300 + 5550 + 250 - drained);
		// Learned once: a refusal later in the next window measures from that window's own first answer (10_300).
		exchange(pacer, 10_500, 10_600, 'limited', { retryAfterMs: 1900 });
		const next = countDown(pacer, 12_750, 2, 0);
		expect(pacer.delay(next)).toBe(12_850 + 5550 + 250 - next);
	});

	test('the correction from a predicted end applies once: a later refusal is measured from the window\'s own first answer', () => {
		const pacer = secondWindow();
		// Rolled over at 8850; the first answer at 8950 (one taken elsewhere), then two sent and both refused.
		exchange(pacer, 8850, 8950, 'ok', { remaining: 1 });
		const first = pacer.start(8950);
		const second = pacer.start(8950);
		// Ends at 10_050: the window that began at 4400 was 5.65 s long.
		pacer.finish(first, 9050, 'limited', { retryAfterMs: 1000 });
		// Ends at 10_600: said of the same window, it is not measured from 4400 again.
		pacer.finish(second, 9100, 'limited', { retryAfterMs: 1500 });
		const drained = countDown(pacer, 10_850, 2, 0);
		expect(pacer.delay(drained)).toBe(10_950 + 5650 + 250 - drained);
	});

	test('when the first request after a predicted end is refused with 1.5 times the known length or more, it is not believed', () => {
		const pacer = secondWindow();
		// The window that began at 4400 would end at 10_700: 6.3 s, 1.5 x 4.2 s.
		expect(exchange(pacer, 8850, 8950, 'limited', { retryAfterMs: 1750 })).toBe(2000);
		const drained = countDown(pacer, 10_950, 2, 0);
		expect(pacer.delay(drained)).toBe(11_050 + 4200 + 250 - drained);
	});
});

describe('nothing refilled while plenty should have means a window', () => {
	/** 600 per minute (10 per second): 9 then 5 left, then `remaining` left at `answeredAt`. */
	function drainedWithout(answeredAt: number, remaining: number): Pacer {
		const pacer = new Pacer();
		exchange(pacer, 0, 100, 'ok', { limit: 600, remaining: 9 });
		exchange(pacer, 100, 200, 'ok', { limit: 600, remaining: 5 });
		exchange(pacer, answeredAt - 100, answeredAt, 'ok', { limit: 600, remaining });
		return pacer;
	}

	test('two seconds in which 20 should have come back, and at most 2 did', () => {
		// Counted at 150 and 2150: 5 left, then one more request and 6 left is 2 back.
		expect(drainedWithout(2200, 6).describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s, fixed window');
	});

	test('3 back in those two seconds is a slow bucket, its rate measured', () => {
		expect(drainedWithout(2200, 7).describe()).toBe('90.0 requests/min (from measured), limit 600 per 60 s, burst 10');
	});

	test('once a window, counts are no longer measured for a refill rate', () => {
		const pacer = drainedWithout(2200, 6);
		// 5 left, then 8 two seconds and a request later: a bucket refilling at 120 per minute, were it one.
		exchange(pacer, 2200, 2300, 'ok', { limit: 600, remaining: 5 });
		exchange(pacer, 4200, 4300, 'ok', { limit: 600, remaining: 8 });
		expect(pacer.describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s, fixed window');
	});

	test('under two seconds is too short to judge', () => {
		expect(drainedWithout(2199, 6).describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s, burst 10');
	});

	test('a refusal right after a fresh window\'s first answer gives the window\'s length from a second on', () => {
		/** The window style found, then the count back to 9 (fresh) at 2300, then refused at 2400 saying `wait`. */
		function refusedAfterFresh(wait: number): Pacer {
			const pacer = drainedWithout(2200, 6);
			exchange(pacer, 2200, 2300, 'ok', { limit: 600, remaining: 9 });
			expect(exchange(pacer, 2300, 2400, 'limited', { limit: 600, retryAfterMs: wait })).toBe(wait + 250);
			return pacer;
		}
		expect(refusedAfterFresh(899).describe()).toBe('600.0 requests/min (from limit), limit 600 per 60 s, fixed window');
		// Ends at 3300, a second after 2300: 600 per second.
		expect(refusedAfterFresh(900).describe()).toBe('36000.0 requests/min (from limit), limit 600 per 1 s, fixed window');
	});

	test('with the style known as a window, a count that runs out is probed once per refill interval', () => {
		const pacer = drainedWithout(2200, 6);
		exchange(pacer, 2200, 2210, 'ok', { limit: 600, remaining: 0 });
		// No end known: one probe per 100 ms (600 per minute) after the last start.
		expect(pacer.delay(2210)).toBe(90);
		expect(pacer.delay(2299)).toBe(1);
		expect(pacer.delay(2300)).toBe(0);
	});
});
