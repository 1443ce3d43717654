/** Closed-loop HTTP load on loopback: a fixed number of connections, each sending its next request when the last is answered. */
import { Pool } from 'undici';

import type { Delivery } from './corpus.ts';

export interface LoadResult {
	ok: number;
	failed: number;
	statuses: Record<string, number>;
	/** Seconds from the first request to the last answer. */
	seconds: number;
	/** Answer latencies of the 200s, ms. */
	latencies: number[];
	/** performance.now() when the load started. */
	startedAt: number;
	/** The first unexpected answer, for the error message. */
	firstError?: string;
}

/** Sends `next()` deliveries over `connections` connections until `seconds` have passed (or `maxRequests` were sent). */
export async function closedLoop(
	url: string,
	next: () => Delivery,
	options: { connections: number; seconds: number; maxRequests?: number; timeoutMs?: number },
): Promise<LoadResult> {
	const target = new URL(url);
	const pool = new Pool(target.origin, {
		connections: options.connections,
		pipelining: 1,
		headersTimeout: options.timeoutMs ?? 120_000,
		bodyTimeout: options.timeoutMs ?? 120_000,
	});
	const result: LoadResult = { ok: 0, failed: 0, statuses: {}, seconds: 0, latencies: [], startedAt: performance.now() };
	const deadline = result.startedAt + options.seconds * 1000;
	let sent = 0;
	await Promise.all(
		Array.from({ length: options.connections }, async () => {
			while (performance.now() < deadline && sent < (options.maxRequests ?? Infinity)) {
				sent += 1;
				const { body, headers } = next();
				const started = performance.now();
				try {
					const response = await pool.request({ method: 'POST', path: target.pathname, headers, body });
					const text = await response.body.text();
					result.statuses[response.statusCode] = (result.statuses[response.statusCode] ?? 0) + 1;
					if (response.statusCode === 200) {
						result.ok += 1;
						result.latencies.push(performance.now() - started);
					} else {
						result.failed += 1;
						result.firstError ??= `${response.statusCode} ${text.slice(0, 300)}`;
					}
				} catch (error) {
					result.failed += 1;
					result.firstError ??= (error as Error).message;
				}
			}
		}),
	);
	result.seconds = (performance.now() - result.startedAt) / 1000;
	await pool.close();
	return result;
}

/**
 * One request, its status and body text (the correctness cases, probes). A 404 "not registered" is sent
 * again (bounded): n8n may still be registering a just-published workflow's webhook, and a 404 ran nothing.
 */
export async function post(url: string, delivery: Delivery, timeoutMs = 120_000): Promise<{ status: number; text: string }> {
	const deadline = performance.now() + 30_000;
	for (;;) {
		const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(timeoutMs) });
		const text = await response.text();
		if (response.status !== 404 || !/is not registered/.test(text) || performance.now() > deadline) return { status: response.status, text };
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
