import type { Outcome, Pacer } from '../../../nodes/shared/rateLimit/pacer';
import type { RateSignals } from '../../../nodes/shared/rateLimit/signals';

/** One request through the pacer: started at `sentAt`, answered at `answeredAt`. Returns the wait finish() asks for. */
export function exchange(pacer: Pacer, sentAt: number, answeredAt: number, outcome: Outcome = 'ok', signals: RateSignals = {}): number {
	return pacer.finish(pacer.start(sentAt), answeredAt, outcome, signals);
}
