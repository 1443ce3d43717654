/**
 * Hosts one of the project's fake platform servers (test/fakes) in its own process for the
 * benchmarks, on 127.0.0.1, and answers commands from its parent over IPC: counters of
 * connections and answers, the first recorded request, reset, stop. It exits when its parent goes.
 *
 * Usage (by FakeProcess): fakeHost.ts <thoughtIndustries|academyOcean> '<json options>'
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

import type { FakeServer } from '../../test/fakes/fakeServer.ts';
import { largeAcademy } from '../../test/fakes/academyOcean.ts';
import type { RateLimit, RateLimitSettings } from '../../test/fakes/rateLimit/rateLimit.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET, startFakeAcademyOcean } from '../../test/harness/academyOceanFixture.ts';
import { TI_API_KEY, startFakeThoughtIndustries } from '../../test/harness/thoughtIndustriesFixture.ts';
import { rateLimitedHost } from './rateLimitedFakes.ts';

export interface Hosted {
	server: FakeServer;
	/** The fake's rate limit, when it has one (see rateLimitedFakes.ts). */
	rateLimit?: RateLimit;
	/** How many times each item was applied, by the item's key (rate-limit benchmark). */
	records?: () => Record<string, number>;
	/** The made-up credentials this process's fixtures generated, for the benchmark's credential. */
	config: Record<string, string>;
	reset(): void;
	extra(): Record<string, unknown>;
	stop(): Promise<void>;
}

async function host(kind: string, options: Record<string, unknown>): Promise<Hosted> {
	if (options.rateLimit !== undefined) return await rateLimitedHost(kind, options as { rateLimit?: RateLimitSettings; items?: number });
	if (kind === 'thoughtIndustries') {
		const fake = await startFakeThoughtIndustries();
		return {
			server: fake.server,
			config: { apiKey: TI_API_KEY },
			reset: () => {
				fake.activities.length = 0;
			},
			extra: () => ({ activities: fake.activities.length }),
			stop: () => fake.stop(),
		};
	}
	if (kind === 'academyOcean') {
		const fake = await startFakeAcademyOcean(largeAcademy(Number(options.learners ?? 0)));
		return {
			server: fake.server,
			config: { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET },
			reset: () => {
				fake.calls.length = 0;
				fake.tokenRequests = 0;
			},
			extra: () => ({ tokenRequests: fake.tokenRequests, calls: fake.calls.length }),
			stop: () => fake.stop(),
		};
	}
	throw new Error(`Unknown fake: ${kind}`);
}

async function main(): Promise<void> {
	const [kind, optionsJson] = process.argv.slice(2);
	const hosted = await host(kind, JSON.parse(optionsJson || '{}') as Record<string, unknown>);
	// The fake's own http.Server: counted from outside, the fake itself is unchanged.
	const http = (hosted.server as unknown as { server: Server }).server;
	let connections = 0;
	let open = 0;
	let peakOpen = 0;
	let statuses: Record<string, number> = {};
	http.on('connection', (socket: Socket) => {
		connections += 1;
		open += 1;
		peakOpen = Math.max(peakOpen, open);
		socket.once('close', () => {
			open -= 1;
		});
	});
	http.on('request', (_request, response) => {
		response.once('finish', () => {
			statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
		});
	});

	const commands: Record<string, (argument: unknown) => unknown> = {
		config: () => hosted.config,
		stats: () => ({
			requests: hosted.server.requests.length,
			connections,
			peakOpen,
			open,
			statuses,
			...hosted.extra(),
		}),
		reset: () => {
			hosted.server.requests.length = 0;
			hosted.reset();
			connections = 0;
			peakOpen = open;
			statuses = {};
			return true;
		},
		sample: () => {
			const first = hosted.server.requests[0];
			return first && { method: first.method, path: first.path, headers: first.headers, body: first.body };
		},
		rateLimit: () => ({ ...hosted.rateLimit?.stats, arrivals: undefined, admittedAt: undefined, description: hosted.rateLimit?.description }),
		records: () => hosted.records?.() ?? {},
		configureRateLimit: (settings) => {
			hosted.rateLimit?.configure((settings ?? undefined) as RateLimitSettings | undefined);
			hosted.rateLimit?.resetStats();
			return true;
		},
		stop: async () => {
			await hosted.stop();
			setImmediate(() => process.exit(0));
			return true;
		},
	};

	process.on('message', (message: { id: number; command: string; argument?: unknown }) => {
		const command = commands[message.command];
		Promise.resolve()
			.then(() => {
				if (!command) throw new Error(`Unknown command ${message.command}`);
				return command(message.argument);
			})
			.then(
				(value) => process.send?.({ id: message.id, ok: true, value }),
				(error: Error) => process.send?.({ id: message.id, ok: false, error: error.message }),
			);
	});
	// Never outlive the benchmark that started it.
	process.on('disconnect', () => process.exit(0));
	process.send?.({ listening: hosted.server.url });
}

main().catch((error: Error) => {
	process.send?.({ error: error.message });
	process.exit(1);
});
