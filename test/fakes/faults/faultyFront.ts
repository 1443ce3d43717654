/**
 * A TCP front door on 127.0.0.1 that forwards every connection to a fake platform and can break
 * connections the ways networks do, so tests can check what the node does when:
 * - `refuseFor(ms)`: the platform is restarting: connections are refused (ECONNREFUSED), nothing
 *   was sent;
 * - `loseAnswers(n)`: the platform handled the request but the answer never arrives (the
 *   connection resets once the platform starts answering): the request WAS applied;
 * - `resetRequests(n)`: the connection resets once the request has arrived, before the platform
 *   sees it: nothing was applied, but the client cannot tell this from a lost answer.
 * n8n opens a new connection per request, so "the next n" counts requests.
 */
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class FaultyFront {
	readonly targetPort: number;
	private server?: Server;
	private port = 0;
	private lostAnswers = 0;
	private resets = 0;
	private readonly sockets = new Set<Socket>();
	private reopenTimer?: NodeJS.Timeout;
	/** How many connections each fault broke. */
	readonly counts = { refusedWindows: 0, lostAnswers: 0, resets: 0 };

	constructor(targetUrl: string) {
		this.targetPort = Number(new URL(targetUrl).port);
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(): Promise<this> {
		await this.listen(0);
		return this;
	}

	/** Refuses connections for `ms` (the listening socket is closed), then accepts them again on the same port. */
	refuseFor(ms: number): void {
		if (!this.server || this.reopenTimer) return;
		this.counts.refusedWindows += 1;
		this.server.close();
		this.server = undefined;
		this.reopenTimer = setTimeout(() => {
			this.reopenTimer = undefined;
			void this.listen(this.port);
		}, ms);
	}

	loseAnswers(count: number): void {
		this.lostAnswers += count;
	}

	resetRequests(count: number): void {
		this.resets += count;
	}

	async stop(): Promise<void> {
		if (this.reopenTimer) clearTimeout(this.reopenTimer);
		this.reopenTimer = undefined;
		for (const socket of this.sockets) socket.destroy();
		const server = this.server;
		this.server = undefined;
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private async listen(port: number): Promise<void> {
		const server = createServer((client) => this.forward(client));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		this.server = server;
		this.port = (server.address() as { port: number }).port;
	}

	private forward(client: Socket): void {
		this.sockets.add(client);
		client.once('close', () => this.sockets.delete(client));
		const reset = this.resets > 0;
		if (reset) this.resets -= 1;
		const loseAnswer = !reset && this.lostAnswers > 0;
		if (loseAnswer) this.lostAnswers -= 1;

		if (reset) {
			// Wait for the request to arrive, then reset without passing it on.
			client.once('data', () => {
				this.counts.resets += 1;
				client.resetAndDestroy();
			});
			return;
		}
		const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
		this.sockets.add(upstream);
		upstream.once('close', () => this.sockets.delete(upstream));
		client.pipe(upstream);
		if (loseAnswer) {
			upstream.once('data', () => {
				this.counts.lostAnswers += 1;
				client.resetAndDestroy();
				upstream.destroy();
			});
		} else {
			upstream.pipe(client);
		}
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.end());
	}
}
