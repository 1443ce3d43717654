import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	body: string;
}

export interface FakeResponse {
	status: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings and buffers as they are; undefined sends an empty body. */
	body?: unknown;
}

export type RouteHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/** A fault the server applies to the next matching requests instead of answering normally. */
export type Fault =
	| { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
	| { kind: 'delay'; ms: number }
	| { kind: 'drop' };

interface ArmedFault {
	fault: Fault;
	remaining: number;
	path?: string;
}

/**
 * A loopback HTTP server that records every request and answers from a route table, with faults
 * that tests arm on purpose (429 with Retry-After, 500, slow answers, dropped connections).
 */
export class FakeServer {
	readonly requests: RecordedRequest[] = [];
	private readonly routes = new Map<string, RouteHandler>();
	private readonly faults: ArmedFault[] = [];
	private readonly server: Server;
	private baseUrl = '';

	constructor() {
		this.server = createServer((request, response) => {
			void this.handle(request, response);
		});
		this.server.keepAliveTimeout = 1000;
	}

	route(method: string, path: string, handler: RouteHandler): this {
		this.routes.set(`${method.toUpperCase()} ${path}`, handler);
		return this;
	}

	/** Applies `fault` to the next `times` requests (optionally only those to `path`). */
	inject(fault: Fault, times = 1, path?: string): this {
		this.faults.push({ fault, remaining: times, path });
		return this;
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	requestsTo(path: string): RecordedRequest[] {
		return this.requests.filter((request) => request.path === path);
	}

	get url(): string {
		if (!this.baseUrl) throw new Error('FakeServer is not listening; await start() first');
		return this.baseUrl;
	}

	async start(port = 0): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			// A deep accept queue: tests open 1,000 connections at once, and on a loaded machine the
			// default of 511 overflows and resets some of them.
			this.server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve());
		});
		const { port: bound } = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${bound}`;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private takeFault(path: string): Fault | undefined {
		const armed = this.faults.find((candidate) => !candidate.path || candidate.path === path);
		if (!armed) return undefined;
		armed.remaining -= 1;
		if (armed.remaining <= 0) this.faults.splice(this.faults.indexOf(armed), 1);
		return armed.fault;
	}

	private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of incoming) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
		const recorded: RecordedRequest = {
			method: incoming.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: incoming.headers,
			rawBody,
			body: rawBody.toString('utf8'),
		};
		this.requests.push(recorded);

		const fault = this.takeFault(recorded.path);
		if (fault?.kind === 'drop') {
			incoming.socket.destroy();
			return;
		}
		if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
		if (fault?.kind === 'status') {
			this.send(response, { status: fault.status, headers: fault.headers, body: fault.body });
			return;
		}

		const handler = this.routes.get(`${recorded.method} ${recorded.path}`);
		if (!handler) {
			this.send(response, { status: 404, body: { message: `No route for ${recorded.method} ${recorded.path}` } });
			return;
		}
		try {
			this.send(response, await handler(recorded));
		} catch (error) {
			this.send(response, { status: 500, body: { message: (error as Error).message } });
		}
	}

	private send(response: ServerResponse, answer: FakeResponse): void {
		if (response.destroyed) return;
		const headers = { ...answer.headers };
		let payload: Buffer | string = '';
		if (Buffer.isBuffer(answer.body) || typeof answer.body === 'string') {
			payload = answer.body;
		} else if (answer.body !== undefined) {
			payload = JSON.stringify(answer.body);
			headers['content-type'] ??= 'application/json';
		}
		response.writeHead(answer.status, headers);
		response.end(payload);
	}
}

/** The bearer token of a request, or undefined. */
export function bearerToken(request: RecordedRequest): string | undefined {
	const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
	return match?.[1];
}
