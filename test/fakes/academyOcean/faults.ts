import type { Fault } from '../fakeServer.ts';
import { LARAVEL_THROTTLE_BODY } from '../rateLimit/limiters.ts';
import { errorBody } from './errors.ts';

/** Laravel's throttle answer: 429 with Retry-After, the rate-limit headers and its stock body. */
export function throttled(retryAfterSeconds = 1, limit = 60): Fault {
	return {
		kind: 'status',
		status: 429,
		headers: {
			'retry-after': String(retryAfterSeconds),
			'x-ratelimit-limit': String(limit),
			'x-ratelimit-remaining': '0',
			'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + retryAfterSeconds),
		},
		body: LARAVEL_THROTTLE_BODY,
	};
}

/** An unhandled server error. */
export function serverError(status = 500): Fault {
	return { kind: 'status', status, body: errorBody('Server Error') };
}

/** An error answer with any status, including a 200 that carries `error[message]`. */
export function apiError(message: string, status = 422): Fault {
	return { kind: 'status', status, body: errorBody(message) };
}

/** The answer comes `ms` late (then normally). */
export function slow(ms: number): Fault {
	return { kind: 'delay', ms };
}

/** The connection is closed without an answer. */
export function dropped(): Fault {
	return { kind: 'drop' };
}
