/**
 * Failure classification, one shape of error at a time. failures.test.ts throws real errors through
 * n8n's HTTP helper, where every fact is said several times over (the status as a number, as text and
 * in the NodeApiError; the code on three levels). Here each fact comes alone, as other clients, other
 * n8n versions or a dropped cause leave it, so each rule is seen deciding by itself.
 */
import type { Failure, ObservedResponse } from '../../../nodes/shared/rateLimit/failures';
import { classifyFailure } from '../../../nodes/shared/rateLimit/failures';

const NOW = Date.UTC(2026, 10, 30, 12);
const API_PATH = '/api/v1/';

function classify(error: unknown, options: { observed?: ObservedResponse; path?: string } = {}): Failure {
	return classifyFailure(error, options.observed, NOW, options.path);
}

/** An error as Node's net/dns layer raises it: `code`, `syscall`, and a message made of them. */
function systemError(code: string, syscall?: string, extra: object = {}): Error {
	return Object.assign(new Error(syscall ? `${syscall} ${code}` : code), { code, syscall, ...extra });
}

/** n8n's NodeApiError as it reaches the node: the axios error (if any) as its cause, the code or status as httpCode. */
function nodeApiError(httpCode: string, cause?: unknown): Error {
	return Object.assign(new Error('The request failed'), { name: 'NodeApiError', httpCode, cause });
}

/** An error several wrappers deep: `depth` levels in all, the innermost being `inner`. */
function wrapped(inner: object, depth: number): unknown {
	let error: unknown = inner;
	for (let level = 1; level < depth; level++) error = { message: `wrapper ${level}`, cause: error };
	return error;
}

describe('connection errors, by their code', () => {
	test.each([
		['ECONNREFUSED', 'connect'],
		['EAI_AGAIN', 'getaddrinfo'],
		['EHOSTUNREACH', 'connect'],
		['ENETUNREACH', 'connect'],
		['ENETDOWN', 'connect'],
		['EADDRNOTAVAIL', 'connect'],
		['UND_ERR_CONNECT_TIMEOUT', undefined],
	])('%s: nothing reached the platform', (code, syscall) => {
		expect(classify(systemError(code, syscall))).toEqual({ kind: 'notApplied', code, signals: {} });
	});

	test.each(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL'])('%s says it by its code alone, without the syscall', (code) => {
		expect(classify(systemError(code))).toEqual({ kind: 'notApplied', code, signals: {} });
	});

	test.each([
		['ECONNRESET', 'read'],
		['EPIPE', 'write'],
		['ETIMEDOUT', 'read'],
		['ECONNABORTED', undefined],
		['ESOCKETTIMEDOUT', undefined],
		['UND_ERR_SOCKET', undefined],
		['UND_ERR_HEADERS_TIMEOUT', undefined],
		['UND_ERR_BODY_TIMEOUT', undefined],
	])('%s: the request went out, it may have been applied', (code, syscall) => {
		expect(classify(systemError(code, syscall))).toEqual({ kind: 'maybeApplied', code, signals: {} });
	});

	test('any code raised while connecting (a connect that timed out) means nothing was sent, read from the innermost error', () => {
		// axios copies the code onto its own error but not the syscall; the system error is its cause.
		const connectTimeout = nodeApiError(
			'ETIMEDOUT',
			Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { name: 'AxiosError', code: 'ETIMEDOUT', cause: systemError('ETIMEDOUT', 'connect') }),
		);
		expect(classify(connectTimeout)).toEqual({ kind: 'notApplied', code: 'ETIMEDOUT', signals: {} });
		const readTimeout = nodeApiError(
			'ETIMEDOUT',
			Object.assign(new Error('read ETIMEDOUT'), { name: 'AxiosError', code: 'ETIMEDOUT', cause: systemError('ETIMEDOUT', 'read') }),
		);
		expect(classify(readTimeout)).toEqual({ kind: 'maybeApplied', code: 'ETIMEDOUT', signals: {} });
	});

	test('an unknown code (a TLS certificate error) is permanent: sending again cannot help', () => {
		const expired = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
		expect(classify(expired)).toEqual({ kind: 'permanent', code: 'CERT_HAS_EXPIRED', signals: {} });
	});

	test('a code that is not text (an errno, or a status some clients put there) is not the failure code: the text code above it is', () => {
		const refused = systemError('ECONNREFUSED', 'connect', { cause: { message: 'errno', code: -111 } });
		expect(classify(refused)).toEqual({ kind: 'notApplied', code: 'ECONNREFUSED', signals: {} });
	});

	test.each([
		['maxContentLength size of 1000 exceeded', 'ERR_BAD_RESPONSE'],
		['Unsupported protocol ftp:', 'ERR_BAD_REQUEST'],
	])("axios's own code for a bad answer or request (%s) is no connection failure: permanent, without a code", (message, code) => {
		const error = Object.assign(new Error(message), { name: 'AxiosError', code });
		expect(classify(error)).toEqual({ kind: 'permanent', code: undefined, signals: {} });
	});
});

describe("n8n's NodeApiError on its own (its cause dropped)", () => {
	test.each([
		['ECONNREFUSED', 'notApplied'],
		['ECONNRESET', 'maybeApplied'],
	] as const)('its httpCode %s is the connection code: %s', (code, kind) => {
		expect(classify(nodeApiError(code))).toEqual({ kind, code, signals: {} });
	});

	test('its httpCode is found under a wrapper that has none', () => {
		const wrapper = { name: 'NodeOperationError', message: 'Item 0 failed', cause: nodeApiError('ECONNREFUSED') };
		expect(classify(wrapper)).toEqual({ kind: 'notApplied', code: 'ECONNREFUSED', signals: {} });
	});

	test.each([
		['503', 'notApplied'],
		['429', 'limited'],
		['504', 'maybeApplied'],
		['404', 'permanent'],
	] as const)('its httpCode %s is the HTTP status: %s', (httpCode, kind) => {
		expect(classify(nodeApiError(httpCode))).toEqual({ kind, status: Number(httpCode), signals: {}, body: undefined });
	});

	test.each([' 503', '503 ', '503.0', '0x1F7', 'connect ECONNREFUSED', 'ECONNRESET (retried)', 'Econnreset'])(
		'an httpCode %p is neither a three-digit status nor a Node error code: nothing is read from it',
		(httpCode) => {
			expect(classify(nodeApiError(httpCode))).toEqual({ kind: 'permanent', code: undefined, signals: {} });
		},
	);
});

describe('HTTP statuses in the error', () => {
	test.each<[object, string]>([
		[{ response: { status: 429 } }, 'axios response.status'],
		[{ response: { statusCode: 429 } }, 'response.statusCode (got, request)'],
		[{ statusCode: 429 }, 'statusCode on the error'],
		[{ httpCode: '429' }, 'httpCode as text'],
	])('%j (%s) is read', (error) => {
		expect(classify(error).status).toBe(429);
	});

	test.each([100, 599])('%i is the lowest/highest status there is: an answer, permanent', (status) => {
		expect(classify({ response: { status } })).toEqual({ kind: 'permanent', status, signals: {}, body: undefined });
	});

	test.each([0, 99, 600, 1000, Number.NaN])('%p is no HTTP status: not taken for one, and the next place is read', (status) => {
		expect(classify({ response: { status }, httpCode: '429' })).toMatchObject({ kind: 'limited', status: 429 });
		expect(classify({ response: { status }, message: 'request failed' })).toEqual({ kind: 'permanent', code: undefined, signals: {} });
	});

	test('an observed answer without a real status (0) does not hide the connection error', () => {
		const observed = { status: 0, headers: {}, body: undefined };
		expect(classify(systemError('ECONNRESET', 'read'), { observed })).toEqual({ kind: 'maybeApplied', code: 'ECONNRESET', signals: {} });
	});
});

describe("the answer's headers and body in the error", () => {
	test('headers without a body: Retry-After is read', () => {
		const error = { response: { status: 429, headers: { 'retry-after': '5' } } };
		expect(classify(error)).toEqual({ kind: 'limited', status: 429, signals: { retryAfterMs: 5000 }, body: undefined });
	});

	test("a body without headers: Thought Industries' retryAfter is read", () => {
		const error = { response: { status: 429, data: { retryAfter: 4 } } };
		expect(classify(error)).toEqual({ kind: 'limited', status: 429, signals: { retryAfterMs: 4000 }, body: { retryAfter: 4 } });
	});

	test('a body under `body` (got, request) when there is no `data`', () => {
		const error = { response: { statusCode: 429, headers: {}, body: '{"retryAfter":2}' } };
		expect(classify(error)).toEqual({ kind: 'limited', status: 429, signals: { retryAfterMs: 2000 }, body: '{"retryAfter":2}' });
	});

	test('the level that carries the headers is read, not a copy of the bare status above it', () => {
		const error = { message: 'Service unavailable', response: { status: 503 }, cause: { response: { status: 503, headers: { 'Retry-After': '2' } } } };
		expect(classify(error)).toEqual({ kind: 'limited', status: 503, signals: { retryAfterMs: 2000 }, body: undefined });
	});

	test('a response that is null (no answer) is skipped', () => {
		expect(classify(systemError('ECONNRESET', 'read', { response: null }))).toEqual({ kind: 'maybeApplied', code: 'ECONNRESET', signals: {} });
	});
});

describe('errors that only say it in words', () => {
	test.each(['socket hang up', 'timeout of 30000ms exceeded', 'Timeout of 5ms exceeded'])('%p: may have been applied (ECONNRESET)', (message) => {
		expect(classify(new Error(message))).toEqual({ kind: 'maybeApplied', code: 'ECONNRESET', signals: {} });
	});

	test('the words are found in a cause under a wrapper that says something else', () => {
		const error = { message: 'The connection was closed', cause: new Error('socket hang up') };
		expect(classify(error)).toEqual({ kind: 'maybeApplied', code: 'ECONNRESET', signals: {} });
	});

	test('a code the error has is kept', () => {
		const error = Object.assign(new Error('socket hang up'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
		expect(classify(error)).toEqual({ kind: 'maybeApplied', code: 'ERR_STREAM_PREMATURE_CLOSE', signals: {} });
	});

	test.each(['timeout of ms exceeded', 'timeout of 30 seconds exceeded', 'the socket hung up'])('%p is no such timeout or hang-up: permanent', (message) => {
		expect(classify(new Error(message))).toEqual({ kind: 'permanent', code: undefined, signals: {} });
	});

	test('any other error (a bug, a bad value) is permanent, without a code', () => {
		expect(classify(new TypeError("Cannot read properties of undefined (reading 'id')"))).toEqual({ kind: 'permanent', code: undefined, signals: {} });
		expect(classify('a thrown string')).toEqual({ kind: 'permanent', code: undefined, signals: {} });
		expect(classify(undefined)).toEqual({ kind: 'permanent', code: undefined, signals: {} });
	});
});

describe('a stopped execution', () => {
	test.each([
		['an AbortSignal (DOMException AbortError, numeric code 20)', new DOMException('This operation was aborted', 'AbortError')],
		["Node's AbortError", Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' })],
		["axios's CanceledError", Object.assign(new Error('canceled'), { name: 'CanceledError' })],
		['the code ERR_CANCELED', Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' })],
		['the code ABORT_ERR', Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })],
		['a cancellation wrapped in a NodeApiError', nodeApiError('ERR_CANCELED', Object.assign(new Error('canceled'), { name: 'CanceledError', code: 'ERR_CANCELED' }))],
	])('%s is cancelled, not retried', (_what, error) => {
		expect(classify(error)).toEqual({ kind: 'cancelled', signals: {} });
	});

	test('a cancellation wins over the answer the node saw', () => {
		const observed = { status: 429, headers: { 'retry-after': '3' }, body: undefined };
		expect(classify(new DOMException('This operation was aborted', 'AbortError'), { observed }).kind).toBe('cancelled');
	});
});

describe("another request's failure (an OAuth token fetched on the way)", () => {
	const reset = (config: object): Error => systemError('ECONNRESET', 'read', { config });

	test.each<[object, string]>([
		[{ url: 'https://app.academyocean.com/oauth/token' }, 'an absolute URL'],
		[{ url: '/oauth/token' }, 'a path without baseURL'],
		[{ baseURL: 'https://app.academyocean.com', url: 'oauth/token' }, 'a baseURL and a relative URL'],
	])('%j (%s): this request was never sent', (config) => {
		expect(classify(reset(config), { path: API_PATH })).toEqual({ kind: 'notApplied', code: 'ECONNRESET', signals: {} });
	});

	test.each<[object, string]>([
		[{ url: 'https://app.academyocean.com/api/v1/' }, 'an absolute URL'],
		[{ baseURL: 'https://app.academyocean.com/api/v1/', url: '' }, 'the baseURL itself'],
		[{ baseURL: 'https://app.academyocean.com/api/', url: 'v1/?action=x' }, 'a baseURL, a relative URL and a query'],
		[{ url: '/api/v1' }, 'one trailing slash fewer'],
		[{ url: '/api/v1//' }, 'two trailing slashes'],
	])('%j (%s) is this request: it may have been applied', (config) => {
		expect(classify(reset(config), { path: API_PATH })).toEqual({ kind: 'maybeApplied', code: 'ECONNRESET', signals: {} });
	});

	test('trailing slashes on the request path do not count either', () => {
		expect(classify(reset({ url: '/api/v1' }), { path: '/api/v1//' }).kind).toBe('maybeApplied');
	});

	test('when the failed request is not known (no config, no url, a URL that does not parse), it is this one', () => {
		expect(classify(systemError('ECONNRESET', 'read'), { path: API_PATH }).kind).toBe('maybeApplied');
		expect(classify(reset({ method: 'post' }), { path: API_PATH }).kind).toBe('maybeApplied');
		expect(classify(reset({ url: 'http://[::1' }), { path: API_PATH }).kind).toBe('maybeApplied');
	});

	test('without the request path nothing is compared', () => {
		expect(classify(reset({ url: '/oauth/token' })).kind).toBe('maybeApplied');
	});

	test('an answer the node saw was to its own request, whatever the error says', () => {
		const observed = { status: 504, headers: {}, body: undefined };
		expect(classify(reset({ url: '/oauth/token' }), { observed, path: API_PATH })).toMatchObject({ kind: 'maybeApplied', status: 504 });
	});

	test('the token request refused (401) or rate limited (429) stays so: only a request in doubt is known not sent', () => {
		const refused = { response: { status: 401, data: { error: 'invalid_client' } }, config: { url: '/oauth/token' } };
		expect(classify(refused, { path: API_PATH })).toMatchObject({ kind: 'permanent', status: 401 });
		const limited = { response: { status: 429, headers: { 'retry-after': '9' } }, config: { url: '/oauth/token' } };
		expect(classify(limited, { path: API_PATH })).toMatchObject({ kind: 'limited', status: 429 });
	});
});

describe('the cause chain', () => {
	test('is followed eight levels deep, no further', () => {
		const refused = systemError('ECONNREFUSED', 'connect');
		expect(classify(wrapped(refused, 8))).toEqual({ kind: 'notApplied', code: 'ECONNREFUSED', signals: {} });
		expect(classify(wrapped(refused, 9))).toEqual({ kind: 'permanent', code: undefined, signals: {} });
	});

	test('ends at a cause that is null, or that is the error itself', () => {
		expect(classify(systemError('ECONNRESET', 'read', { cause: null }))).toEqual({ kind: 'maybeApplied', code: 'ECONNRESET', signals: {} });
		const loop = systemError('ECONNREFUSED', 'connect');
		(loop as { cause?: unknown }).cause = loop;
		expect(classify(loop)).toEqual({ kind: 'notApplied', code: 'ECONNREFUSED', signals: {} });
	});

	test('a loop of several errors is read once each, its innermost code first', () => {
		const outer: { message: string; cause?: unknown } = { message: 'The request failed' };
		const reset = systemError('ECONNRESET', 'read');
		const refused = systemError('ECONNREFUSED', 'connect');
		outer.cause = reset;
		(reset as { cause?: unknown }).cause = refused;
		(refused as { cause?: unknown }).cause = outer;
		expect(classify(outer)).toEqual({ kind: 'notApplied', code: 'ECONNREFUSED', signals: {} });
	});
});
