// A nightly bulk sync in a real n8n: a scheduled workflow records 500 completions in Thought
// Industries through the sandbox's fake, which rate-limits like the standard plan (120 requests a
// minute, burst 20, per API key). Every learner must be recorded exactly once, in one execution that
// succeeds, with at most 2 % of the requests answered 429.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { TI_COURSE } from '../../scripts/sandbox/constants.ts';
import { environment } from './environment.ts';
import { errorOf, waitFor } from './wait.ts';

const PACKAGE = 'n8n-nodes-learning-platforms';
const ITEMS = 500;
const RUN = randomUUID().slice(0, 8);
const email = (index: number) => `backfill-${RUN}-${index}@example.com`;

function backfillWorkflow(credential: { id: string; name: string }) {
	const schedule = {
		id: randomUUID(), name: 'Schedule Trigger', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0],
		parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 30 }] } },
	};
	// 500 completions, as a source system would hand them over (one item per learner).
	const source = {
		id: randomUUID(), name: 'Yesterday\'s Completions', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
		parameters: {
			jsCode: `return Array.from({ length: ${ITEMS} }, (_, index) => ({ json: { email: 'backfill-${RUN}-' + index + '@example.com', finishedAt: '2026-11-30T12:00:00.000Z' } }));`,
		},
	};
	const record = {
		id: randomUUID(), name: 'Record Completion', type: `${PACKAGE}.thoughtIndustries`, typeVersion: 1, position: [440, 0],
		parameters: {
			resource: 'course', operation: 'recordExternalActivity', courseIdentifier: 'sku', courseSku: TI_COURSE.sku,
			learnerIdentifier: 'email', userEmail: '={{ $json.email }}', additionalFields: { completionDate: '={{ $json.finishedAt }}' },
		},
		credentials: { thoughtIndustriesApi: credential },
	};
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		name: `e2e: rate-limited backfill of ${ITEMS} ${RUN}`,
		nodes: [schedule, source, record],
		connections: { 'Schedule Trigger': to("Yesterday's Completions"), "Yesterday's Completions": to('Record Completion') },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * An API call tried again when it did nothing: the connection dropped before an answer (reads only),
 * or n8n answered 503 "Database is not ready!" (its SQLite health check timed out on a busy machine).
 */
async function patiently<T>(call: () => Promise<T>, read = true): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			const message = String((error as Error).message ?? error);
			const nothingDone = /\(503\): .*Database is not ready/.test(message) || (read && /fetch failed|ECONNRESET|socket/i.test(message));
			if (attempt >= 10 || !nothingDone) throw error;
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
}

export function rateLimitedBackfill(): void {
	describe(`Thought Industries: a scheduled backfill of ${ITEMS} through the standard plan's rate limit`, () => {
		it('records every learner exactly once, in one successful execution, with few 429s', { timeout: 12 * 60_000 }, async () => {
			const { api, record, fakes } = environment();
			const ti = fakes.thoughtIndustries;
			for (let index = 0; index < ITEMS; index++) ti.state.users.push({ id: `backfill-${RUN}-${index}`, email: email(index) });
			// A fresh bucket (the standard plan's numbers), so earlier checks do not eat into it.
			ti.rateLimit.configure(ti.rateLimit.settings);
			ti.rateLimit.resetStats();
			const before = ti.activities.length;
			const credential = { id: record.credentials.thoughtIndustriesApi, name: 'Sandbox Thought Industries' };

			const { id } = await patiently(() => api.createWorkflow(backfillWorkflow(credential)), false);
			const started = Date.now();
			await patiently(() => api.publish(id), false);
			try {
				// One scheduled execution: unpublish as soon as it has started (its first record reached the
				// fake), so the schedule fires no second one.
				await waitFor('the scheduled execution to start recording', () => (ti.activities.length > before ? true : undefined), 3 * 60_000);
			} finally {
				await patiently(() => api.unpublish(id), false);
			}
			// Polled without its data (500 items) until it has finished, once a second.
			const finished = new Set(['success', 'error', 'crashed', 'canceled']);
			await waitFor(
				'the backfill to finish',
				async () => {
					await new Promise((resolve) => setTimeout(resolve, 1000));
					const executions = await patiently(() => api.executions(id));
					return executions.length && executions.every((candidate) => finished.has(candidate.status)) ? true : undefined;
				},
				10 * 60_000,
			);
			const seconds = Math.round((Date.now() - started) / 1000);
			const executions = await patiently(() => api.executions(id));
			assert.equal(executions.length, 1, 'one scheduled execution');
			const [execution] = await patiently(() => api.executions(id, true));

			assert.equal(execution.mode, 'trigger');
			assert.equal(execution.status, 'success', errorOf(execution));
			const recorded = ti.activities.slice(before).map((activity) => String(activity.attributes.userEmail));
			const counts = new Map<string, number>();
			for (const address of recorded) counts.set(address, (counts.get(address) ?? 0) + 1);
			assert.equal(counts.size, ITEMS, `${counts.size} distinct learners recorded`);
			assert.deepEqual([...counts.values()].filter((count) => count !== 1), [], 'no learner recorded twice');
			for (let index = 0; index < ITEMS; index++) assert.equal(counts.get(email(index)), 1, `${email(index)} recorded once`);

			const { admitted, limited } = ti.rateLimit.stats;
			assert.ok(limited <= 0.02 * (admitted + limited), `429s: ${limited} of ${admitted + limited} requests`);
			process.stdout.write(`    backfill: ${ITEMS} recorded once each in ${seconds} s (least time at 120/min, burst 20: ${(ITEMS - 20) / 2} s); ${limited} of ${admitted + limited} requests answered 429\n`);
		});
	});
}
