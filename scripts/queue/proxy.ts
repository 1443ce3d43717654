// The cluster's front door on 127.0.0.1, standing in for the load balancer of a real set-up: production
// webhooks (/webhook/*, /webhook-waiting/*, /form/*, /form-waiting/*) go round-robin to the webhook
// processors, everything else (editor, API, /webhook-test/*) to main. A processor that refuses the
// connection is skipped for the next one, as a load balancer's health check would.
import { createServer, request as httpRequest, Agent } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

const WEBHOOK_ROUTES = /^\/(webhook|webhook-waiting|form|form-waiting)\//;
const MAX_BUFFERED_BODY = 32 * 1024 * 1024;

export interface Upstream {
	name: string;
	port: number;
}

export interface QueueProxy {
	url: string;
	port: number;
	/** Requests forwarded to each upstream so far, by name. */
	forwarded: Record<string, number>;
	stop(): Promise<void>;
}

export async function startProxy(main: Upstream, webhooks: Upstream[], port = 0): Promise<QueueProxy> {
	const agent = new Agent({ keepAlive: true, maxSockets: 256 });
	const forwarded: Record<string, number> = Object.fromEntries([main, ...webhooks].map((upstream) => [upstream.name, 0]));
	let next = 0;
	const sockets = new Set<Socket>();

	const forward = (upstream: Upstream, req: IncomingMessage, body: Buffer | undefined, res: ServerResponse, onRefused?: () => void) => {
		const outgoing = httpRequest(
			{
				host: '127.0.0.1',
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', 'x-forwarded-proto': 'http' },
				agent,
			},
			(upstreamResponse) => {
				forwarded[upstream.name]++;
				res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
				upstreamResponse.pipe(res);
			},
		);
		outgoing.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ECONNREFUSED' && onRefused && !res.headersSent) return onRefused();
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: `upstream ${upstream.name}: ${error.message}` }));
		});
		res.on('close', () => {
			if (!res.writableFinished) outgoing.destroy();
		});
		if (body) outgoing.end(body);
		else req.pipe(outgoing);
	};

	const server: Server = createServer((req, res) => {
		if (!WEBHOOK_ROUTES.test(req.url ?? '') || webhooks.length === 0) {
			forward(main, req, undefined, res);
			return;
		}
		// Buffered, so that a processor that is down can be skipped for the next one.
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BUFFERED_BODY) chunks.push(chunk);
		});
		req.on('end', () => {
			if (size > MAX_BUFFERED_BODY) {
				res.writeHead(413).end();
				return;
			}
			const body = Buffer.concat(chunks);
			const start = next++ % webhooks.length;
			const attempt = (tries: number) => {
				const upstream = webhooks[(start + tries) % webhooks.length];
				forward(upstream, req, body, res, tries + 1 < webhooks.length ? () => attempt(tries + 1) : undefined);
			};
			attempt(0);
		});
	});
	// The editor's push connection (WebSocket) goes to main as a raw tunnel.
	server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
		const upstream = connect(main.port, '127.0.0.1', () => {
			const headers = Object.entries(req.headers).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
			upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
			if (head.length) upstream.write(head);
			socket.pipe(upstream).pipe(socket);
		});
		const close = () => {
			upstream.destroy();
			socket.destroy();
		};
		upstream.on('error', close);
		socket.on('error', close);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const actualPort = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${actualPort}`,
		port: actualPort,
		forwarded,
		async stop() {
			if (!server.listening) return;
			for (const socket of sockets) socket.destroy();
			agent.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
