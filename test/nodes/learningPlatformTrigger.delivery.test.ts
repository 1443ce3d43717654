// Delivery guarantees of the Learning Platform Trigger in n8n's engine: when the platform gets its 2xx
// (Respond), and claims in n8n's processed-data store (modelled as n8n 2.41's helper really is: read,
// await, insert or update). A Recorder node after the trigger stands for the workflow's real work.
import { createHmac } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { AcademyOceanWebhookApi } from '../../credentials/AcademyOceanWebhookApi.credentials';
import { MAX_REMEMBERED, forgetAcceptedDeliveriesInProcess, processDeliveries } from '../../nodes/LearningPlatformTrigger/deduplication';
import { LearningPlatformTrigger } from '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node';
import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../fixtures/academyOceanEvents.ts';
import { Engine } from '../harness/engine.ts';
import { processedDataStore } from '../harness/processedData.ts';
import { Recorder, recorderNode } from '../harness/recorderNode.ts';
import { WebhookServer } from '../harness/webhook.ts';

const SECRET = `whsec-delivery-${Date.now()}`;
let recorder = new Recorder();
const engine = new Engine({
	nodeTypes: { learningPlatformTrigger: new LearningPlatformTrigger(), recorder: recorderNode({ receive: (...args) => recorder.receive(...args) } as Recorder) },
	credentialTypes: [new AcademyOceanWebhookApi()],
});
const credential = engine.credentials.add('academyOceanWebhookApi', { secret: SECRET });

const realNow = Date.now.bind(Date);
let clockOffsetMs = 0;
beforeAll(() => jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffsetMs));
afterAll(() => jest.restoreAllMocks());

let trigger: WebhookServer;
/** A trigger as the editor adds it now (version 2) unless a test says otherwise. */
async function startTrigger(parameters: INodeParameters = {}, typeVersion = 2) {
	trigger = await new WebhookServer(engine, {
		type: 'learningPlatformTrigger',
		typeVersion,
		parameters: { source: 'academyOcean', ...parameters },
		credentials: { academyOceanWebhookApi: credential },
		background: async () => await processDeliveries.settled(),
		downstream: [{ type: 'recorder', name: 'Record Activity' }],
	}).start();
	return trigger;
}

beforeEach(() => {
	recorder = new Recorder();
});
afterEach(async () => {
	recorder.open();
	recorder.failWith = undefined;
	await trigger?.idle();
	await trigger?.stop();
	forgetAcceptedDeliveriesInProcess();
	clockOffsetMs = 0;
});

let eventCounter = 0;
const newEvent = () => ({ ...ACADEMY_OCEAN_EVENT_EXAMPLES['course.finished'], id: `event-${++eventCounter}-${realNow()}` });

/** Sends a delivery and resolves with the answer as soon as it comes (the execution may still run). */
async function deliver(event: object) {
	const body = JSON.stringify(event);
	const signature = createHmac('sha256', SECRET).update(body).digest('hex');
	const response = await fetch(trigger.url, { method: 'POST', body, headers: { 'content-type': 'application/json', signature }, signal: AbortSignal.timeout(30_000) });
	const text = await response.text();
	return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
}

/** Executions in which the trigger passed the delivery on; the others stopped at the trigger. */
const ran = () => trigger.executions.filter((execution) => execution[0]?.length);

describe('Respond', () => {
	test('a new trigger answers "When Last Node Finishes"; one saved as version 1 keeps answering immediately', async () => {
		expect(new LearningPlatformTrigger().description.defaultVersion).toBe(2);
		await startTrigger();
		expect(await deliver(newEvent())).toEqual({ status: 200, text: '', retryAfter: null });
		await trigger.stop();

		await startTrigger({}, 1);
		expect(await deliver(newEvent())).toMatchObject({ status: 200, text: '{"received":true}' });
	});

	test('Immediately: the answer comes when the execution starts, before the workflow has done anything', async () => {
		await startTrigger({ respond: 'onReceived' });
		recorder.hold();
		expect(await deliver(newEvent())).toMatchObject({ status: 200, text: '{"received":true}' });
		expect(recorder.recorded).toHaveLength(0);
		recorder.open();
		await trigger.idle();
		expect(recorder.recorded).toHaveLength(1);
	});

	test('When Last Node Finishes: no answer until the workflow succeeded', async () => {
		await startTrigger({ respond: 'lastNode' });
		recorder.hold();
		let answered = false;
		const answer = deliver(newEvent()).then((result) => {
			answered = true;
			return result;
		});
		await recorder.reached(1);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(answered).toBe(false);
		recorder.open();
		expect(await answer).toMatchObject({ status: 200, text: '' });
		expect(recorder.recorded).toHaveLength(1);
	});

	test('When Last Node Finishes: a failed execution is answered 500, and the retry runs the delivery again', async () => {
		await startTrigger({ respond: 'lastNode' });
		const event = newEvent();
		recorder.failWith = 'Thought Industries answered 503';
		expect(await deliver(event)).toMatchObject({ status: 500, text: '{"message":"Error in workflow"}' });
		await trigger.idle();
		recorder.failWith = undefined;
		expect(await deliver(event)).toMatchObject({ status: 200 });
		expect(recorder.recorded).toEqual([expect.objectContaining({ eventId: event.id })]);
		// Recorded as done once the execution ended (in the background, after the answer); from then on
		// the next retry is answered by the webhook and nothing starts.
		await trigger.idle();
		expect(await deliver(event)).toMatchObject({ status: 200, text: '{"received":true,"duplicate":true}' });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(2);
	});

	test('Immediately: a failed execution is not retried by the platform, but a retry that comes anyway runs again', async () => {
		await startTrigger({ respond: 'onReceived' });
		const event = newEvent();
		recorder.failWith = 'Thought Industries answered 503';
		expect(await deliver(event)).toMatchObject({ status: 200, text: '{"received":true}' });
		await trigger.idle();
		expect(trigger.deliveries[0].executionStatus).toBe('error');
		recorder.failWith = undefined;
		expect(await deliver(event)).toMatchObject({ status: 200, text: '{"received":true}' });
		await trigger.idle();
		expect(recorder.recorded).toHaveLength(1);
	});
});

describe("when n8n's de-duplication store cannot be used", () => {
	test('When Last Node Finishes: no 2xx and nothing runs, so the platform sends it again ("Immediately" lets it run: see the trigger tests)', async () => {
		await startTrigger({ respond: 'lastNode' });
		const event = newEvent();
		processedDataStore().table.failWith = 'Connection terminated unexpectedly';
		try {
			expect(await deliver(event)).toMatchObject({ status: 500, text: '{"message":"Error in workflow"}' });
			await trigger.idle();
			expect(recorder.arrivals).toBe(0);
		} finally {
			processedDataStore().table.failWith = undefined;
		}
		expect(await deliver(event)).toMatchObject({ status: 200 });
		expect(recorder.recorded).toHaveLength(1);
	});
});

describe('retries while the delivery runs', () => {
	test('When Last Node Finishes: answered 503 with Retry-After by the webhook, no second execution', async () => {
		await startTrigger({ respond: 'lastNode' });
		const event = newEvent();
		recorder.hold();
		const first = deliver(event);
		await recorder.reached(1);
		expect(await deliver(event)).toEqual({ status: 503, text: '{"error":"This delivery is still being processed: send it again later"}', retryAfter: '30' });
		recorder.open();
		expect(await first).toMatchObject({ status: 200 });
		await trigger.idle();
		expect(await deliver(event)).toMatchObject({ status: 200, text: '{"received":true,"duplicate":true}' });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(1);
		expect(recorder.recorded).toHaveLength(1);
	});

	test('Immediately: answered as a duplicate by the webhook, no second execution', async () => {
		await startTrigger({ respond: 'onReceived' });
		const event = newEvent();
		recorder.hold();
		await deliver(event);
		await recorder.reached(1);
		expect(await deliver(event)).toMatchObject({ status: 200, text: '{"received":true,"duplicate":true}' });
		recorder.open();
		await trigger.idle();
		expect(trigger.executions).toHaveLength(1);
	});

	test('concurrent copies: the workflow runs once; copies that came before the claim wait for it and get 200, later ones 503', async () => {
		await startTrigger({ respond: 'lastNode' });
		const event = newEvent();
		const answers = await Promise.all(Array.from({ length: 12 }, async () => await deliver(event)));
		const statuses = answers.map((answer) => answer.status);
		expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(1);
		expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
		expect(ran()).toHaveLength(1);
		expect(recorder.recorded).toHaveLength(1);
	});

	test('a process that crashed mid-execution: its claim holds retries off until the timeout, then a retry runs it', async () => {
		await startTrigger({ respond: 'lastNode', options: { runningDeliveryTimeout: 60 } });
		const event = newEvent();
		recorder.hold();
		void deliver(event);
		await recorder.reached(1);
		// The process dies: its memory is gone, its execution never finishes, its claim stays in the database.
		forgetAcceptedDeliveriesInProcess();
		const started = realNow();
		expect(await deliver(event)).toMatchObject({ status: 500, text: '{"message":"Error in workflow"}' });
		// It waited for the other execution (about 8 s) before failing, to answer within Canvas's 15 s.
		expect(realNow() - started).toBeGreaterThan(7000);
		expect(recorder.arrivals).toBe(1);

		clockOffsetMs += 75_000;
		recorder.failWith = undefined;
		const retried = deliver(event);
		await recorder.reached(2);
		recorder.open();
		expect(await retried).toMatchObject({ status: 200 });
		await trigger.idle();
		// The "crashed" execution was only held: released now, it runs too, as a process that did not die
		// would. What the test shows is that the retry after the timeout was not swallowed.
		expect(recorder.arrivals).toBe(2);
	}, 60_000);
});

describe('de-duplication without restarts', () => {
	test(`past ${MAX_REMEMBERED.toLocaleString('en')} deliveries: no delivery runs twice, and the process memory is trimmed while n8n's store still answers`, async () => {
		await startTrigger({ respond: 'lastNode' });
		const total = MAX_REMEMBERED + 1;
		const events = Array.from({ length: total }, () => newEvent());
		let next = 0;
		let retries = 0;
		const sender = async () => {
			while (next < total) {
				const index = next++;
				expect((await deliver(events[index])).status).toBe(200);
				// Every 97th delivery, a retry of an earlier one: answered as a duplicate by the webhook.
				if (index % 97 === 96) {
					retries++;
					expect((await deliver(events[index - 50])).text).toBe('{"received":true,"duplicate":true}');
				}
			}
		};
		await Promise.all(Array.from({ length: 8 }, sender));
		await trigger.idle();
		expect(recorder.recorded).toHaveLength(total);
		expect(new Set(recorder.recorded.map((item) => item.eventId)).size).toBe(total);
		expect(trigger.executions).toHaveLength(total);
		expect(retries).toBeGreaterThan(50);

		// The process keeps at most 5,000 deliveries: trimmed to 4,500 on passing 5,000, oldest first.
		expect(processDeliveries.size).toBeLessThanOrEqual(MAX_REMEMBERED);
		const store = processedDataStore();
		expect(store.nodeEntries(trigger.workflowIdUnderTest, trigger.nodeUnderTest.id).length).toBeGreaterThanOrEqual(MAX_REMEMBERED);

		// An early delivery: no longer in this process's memory, still done in n8n's store. Its retry
		// starts an execution that stops at the trigger (a process that never forgot would answer it
		// at the webhook without one).
		expect(await deliver(events[100])).toMatchObject({ status: 200, text: '' });
		await trigger.idle();
		expect(trigger.executions).toHaveLength(total + 1);
		expect(trigger.executions[total]).toEqual([[]]);
		expect(recorder.recorded).toHaveLength(total);
		// Known again in this process from then on.
		expect((await deliver(events[100])).text).toBe('{"received":true,"duplicate":true}');
	}, 300_000);
});
