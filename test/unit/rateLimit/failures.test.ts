/**
 * Failure classification from the errors n8n really throws: real requests with n8n's own HTTP
 * helper (`@n8n/backend-network`, what httpRequestWithAuthentication uses) against loopback
 * servers that answer or break in each way.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

import type { FailureKind } from '../../../nodes/shared/rateLimit/failures';
import { classifyFailure } from '../../../nodes/shared/rateLimit/failures';

const requireFromCore = createRequire(require.resolve('n8n-core'));
const { Container } = requireFromCore('@n8n/di') as typeof import('@n8n/di');
const { OutboundHttp } = requireFromCore('@n8n/backend-network') as { OutboundHttp: new () => { requests(): { request(options: object): Promise<unknown> } } };
const { NodeApiError } = requireFromCore('n8n-workflow') as typeof import('n8n-workflow');

let server: Server;
let url = '';
let answer: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void = () => undefined;

beforeAll(async () => {
	server = createServer((request, response) => {
		request.resume();
		request.once('end', () => answer(request, response));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

const NODE = { id: '1', name: 'Node', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

/** The error httpRequestWithAuthentication throws for this request: n8n's NodeApiError around the HTTP error. */
async function failure(target = url, timeout?: number): Promise<unknown> {
	try {
		await Container.get(OutboundHttp).requests().request({ method: 'POST', url: `${target}/api/v1/`, body: 'action=x', timeout });
	} catch (error) {
		return new NodeApiError(NODE, error as never);
	}
	throw new Error('the request did not fail');
}

async function kindOf(target?: string, timeout?: number): Promise<FailureKind> {
	return classifyFailure(await failure(target, timeout), undefined, Date.now(), '/api/v1/').kind;
}

test.each([
	[429, 'limited'],
	[502, 'notApplied'],
	[503, 'notApplied'],
	[408, 'notApplied'],
	[504, 'maybeApplied'],
	[500, 'permanent'],
	[400, 'permanent'],
	[401, 'permanent'],
])('an answer %i is %s', async (status, kind) => {
	answer = (_request, response) => response.writeHead(status).end();
	expect(await kindOf()).toBe(kind);
});

test('a 503 that says when to come back is a rate limit, with the wait', async () => {
	answer = (_request, response) => response.writeHead(503, { 'retry-after': '7' }).end();
	const result = classifyFailure(await failure(), undefined, Date.now());
	expect(result.kind).toBe('limited');
	expect(result.signals.retryAfterMs).toBe(7000);
});

test('a refused connection: nothing was sent', async () => {
	const closed = createServer();
	await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
	const port = (closed.address() as AddressInfo).port;
	await new Promise((resolve) => closed.close(resolve));
	expect(await kindOf(`http://127.0.0.1:${port}`)).toBe('notApplied');
});

test('a connection closed after the request arrived, and a response timeout: may have been applied', async () => {
	answer = (request) => request.socket.destroy();
	expect(await kindOf()).toBe('maybeApplied');
	answer = () => undefined;
	expect(await kindOf(url, 200)).toBe('maybeApplied');
});

test('a failure of another request made on the way (an OAuth token) means this one was not sent', async () => {
	answer = (request) => request.socket.destroy();
	const error = await failure();
	expect(classifyFailure(error, undefined, Date.now(), '/oauth/token').kind).toBe('notApplied');
	expect(classifyFailure(error, undefined, Date.now(), '/api/v1/').kind).toBe('maybeApplied');
});

test('an answer the node saw (its postReceive) wins over the error it turned it into', () => {
	const observed = { status: 429, headers: { 'retry-after': '3', 'x-ratelimit-limit': '120' }, body: { retryAfter: 3 } };
	const result = classifyFailure(new Error('Thought Industries rejected the request (429)'), observed, Date.now());
	expect(result).toMatchObject({ kind: 'limited', status: 429, signals: { retryAfterMs: 3000, limit: 120 } });
});

test('an execution that was cancelled is not retried', () => {
	const aborted = Object.assign(new Error('canceled'), { name: 'CanceledError', code: 'ERR_CANCELED' });
	expect(classifyFailure(aborted, undefined, Date.now()).kind).toBe('cancelled');
});
