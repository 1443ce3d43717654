import type { HeaderBag, RateSignals } from './signals';
import { readRateSignals } from './signals';

/** What the platform answered, as the node's postReceive saw it (see observe.ts). */
export interface ObservedResponse {
	status: number;
	headers: HeaderBag;
	body: unknown;
}

/**
 * Why a request failed, and so what may be done about it:
 * - `limited`: 429, or 503 with Retry-After. Not processed: sent again after the wait.
 * - `notApplied`: 502, 503 without Retry-After, 408, or no connection was made (refused, DNS,
 *   unreachable, connect timeout). Nothing was processed: sent again after a backoff.
 * - `maybeApplied`: the request went out and no answer came back (connection reset or closed,
 *   response timeout) or a gateway timed out waiting for the platform (504). The platform may have
 *   applied it: sent again only when the operation is safe to repeat.
 * - `permanent`: any other answer (400, 401, 404, 422, 500...) or error. Not sent again.
 * - `cancelled`: the execution was stopped.
 */
export type FailureKind = 'limited' | 'notApplied' | 'maybeApplied' | 'permanent' | 'cancelled';

export interface Failure {
	kind: FailureKind;
	status?: number;
	/** The error code of a connection failure (ECONNRESET, ECONNREFUSED...). */
	code?: string;
	signals: RateSignals;
	body?: unknown;
}

/** Connection failures that happen before anything is written: nothing reached the platform. */
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
/** Failures after the request may have reached the platform. */
const MAYBE_APPLIED_CODES = new Set([
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);
const CANCEL_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);

type Level = Record<string, unknown>;

/** The error and its causes, outermost first (n8n wraps axios errors in NodeApiError). */
function chainOf(error: unknown): Level[] {
	const chain: Level[] = [];
	let current: unknown = error;
	while (typeof current === 'object' && current !== null && chain.length < 8 && !chain.includes(current as Level)) {
		chain.push(current as Level);
		current = (current as Level).cause;
	}
	return chain;
}

function statusOf(chain: Level[]): number | undefined {
	for (const level of chain) {
		const response = level.response as Level | undefined;
		const candidates = [response?.status, response?.statusCode, level.httpCode, level.statusCode];
		for (const candidate of candidates) {
			const status = typeof candidate === 'string' && /^\d{3}$/.test(candidate) ? Number(candidate) : candidate;
			if (typeof status === 'number' && status >= 100 && status <= 599) return status;
		}
	}
	return undefined;
}

function responseOf(chain: Level[]): { headers: HeaderBag; body: unknown } | undefined {
	for (const level of chain) {
		const response = level.response as Level | undefined;
		if (response && (response.headers || response.data !== undefined)) {
			return { headers: response.headers as HeaderBag, body: response.data ?? response.body };
		}
	}
	return undefined;
}

/** The connection error's code, innermost first, and whether it happened while connecting. */
function codeOf(chain: Level[]): { code?: string; connecting?: boolean } {
	for (const level of [...chain].reverse()) {
		const code = typeof level.code === 'string' ? level.code : undefined;
		if (code && code !== 'ERR_BAD_RESPONSE' && code !== 'ERR_BAD_REQUEST') {
			return { code, connecting: level.syscall === 'connect' };
		}
	}
	// n8n's NodeApiError keeps a connection error's code as its httpCode.
	for (const level of chain) if (typeof level.httpCode === 'string' && /^E[A-Z_]+$/.test(level.httpCode)) return { code: level.httpCode };
	return {};
}

function isCancel(chain: Level[]): boolean {
	return chain.some((level) => level.name === 'AbortError' || level.name === 'CanceledError' || CANCEL_CODES.has(String(level.code)));
}

/** The path of the HTTP request that failed, when the error says (axios keeps its config). */
function failedPath(chain: Level[]): string | undefined {
	for (const level of chain) {
		const config = level.config as { url?: unknown; baseURL?: unknown } | undefined;
		if (!config || typeof config.url !== 'string') continue;
		const base = typeof config.baseURL === 'string' ? config.baseURL : 'http://localhost';
		return URL.canParse(config.url, base) ? new URL(config.url, base).pathname : undefined;
	}
	return undefined;
}

/**
 * Classifies a failed request from the thrown error and, when the node saw it, the platform's answer.
 * `path` is the request's own path: a failure of another request made for it first (an OAuth token
 * fetched on the way) means the request itself was never sent.
 */
export function classifyFailure(error: unknown, observed: ObservedResponse | undefined, now: number, path?: string): Failure {
	const chain = chainOf(error);
	if (isCancel(chain)) return { kind: 'cancelled', signals: {} };
	const failure = classifyChain(chain, observed, now);
	// An answer the node saw was to its own request; only a request that may have been applied is in doubt.
	if (failure.kind !== 'maybeApplied' || observed !== undefined || path === undefined) return failure;
	const other = failedPath(chain);
	return other !== undefined && withoutTrailingSlashes(other) !== withoutTrailingSlashes(path) ? { ...failure, kind: 'notApplied' } : failure;
}

function withoutTrailingSlashes(path: string): string {
	return path.replace(/\/+$/, '');
}

function classifyChain(chain: Level[], observed: ObservedResponse | undefined, now: number): Failure {
	const status = observed?.status ?? statusOf(chain);
	const response = observed ?? responseOf(chain);
	const signals = response ? readRateSignals(response.headers, response.body, now) : {};
	const body = response?.body;

	if (status !== undefined && status >= 100) {
		if (status === 429) return { kind: 'limited', status, signals, body };
		if (status === 503) return { kind: signals.retryAfterMs !== undefined ? 'limited' : 'notApplied', status, signals, body };
		if (status === 502 || status === 408) return { kind: 'notApplied', status, signals, body };
		if (status === 504) return { kind: 'maybeApplied', status, signals, body };
		return { kind: 'permanent', status, signals, body };
	}
	const { code, connecting } = codeOf(chain);
	if (code && (NOTHING_SENT_CODES.has(code) || connecting)) return { kind: 'notApplied', code, signals };
	if (code && MAYBE_APPLIED_CODES.has(code)) return { kind: 'maybeApplied', code, signals };
	if (chain.some((level) => /socket hang up|timeout of \d+ms exceeded/i.test(String(level.message)))) return { kind: 'maybeApplied', code: code ?? 'ECONNRESET', signals };
	return { kind: 'permanent', code, signals };
}
