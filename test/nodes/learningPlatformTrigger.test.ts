import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';

import { ExecutionLifecycleHooks, HookContext } from 'n8n-core';
import { SignJWT, exportJWK } from 'jose';
import type { IDataObject, INodeCredentialsDetails, INodeParameters, WorkflowActivateMode } from 'n8n-workflow';

import { AcademyOceanWebhookApi } from '../../credentials/AcademyOceanWebhookApi.credentials';
import { canvasJwksCache } from '../../nodes/LearningPlatformTrigger/canvas';
import { deliveryKey, forgetAcceptedDeliveriesInProcess, processDeliveries } from '../../nodes/LearningPlatformTrigger/deduplication';
import { LearningPlatformTrigger } from '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node';
import { FakeCanvasJwks } from '../fakes/canvasJwks.ts';
import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../fixtures/academyOceanEvents.ts';
import { CANVAS_EVENT_BODIES, canvasEvent } from '../fixtures/canvasEvents.ts';
import { Engine } from '../harness/engine.ts';
import { processedDataStore } from '../harness/processedData.ts';
import { WebhookServer } from '../harness/webhook.ts';

const SECRET = `whsec-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const engine = new Engine({
	nodeTypes: { learningPlatformTrigger: new LearningPlatformTrigger() },
	credentialTypes: [new AcademyOceanWebhookApi()],
});
const secretCredential: INodeCredentialsDetails = engine.credentials.add('academyOceanWebhookApi', { secret: SECRET });

// The trigger reads the clock through Date.now; tests move it forward to cross the JWKS refetch
// interval and the keys' maximum age without waiting.
const realNow = Date.now.bind(Date);
let clockOffsetMs = 0;
const advanceClock = (ms: number) => (clockOffsetMs += ms);
const nowSeconds = () => Math.floor(Date.now() / 1000);
beforeAll(() => jest.spyOn(Date, 'now').mockImplementation(() => realNow() + clockOffsetMs));
afterAll(() => jest.restoreAllMocks());

let trigger: WebhookServer;

/** Answered "Immediately" unless a test says otherwise: the answer body then shows what the trigger decided. */
async function startTrigger(parameters: INodeParameters, { mode = 'webhook', credential = secretCredential } = {}) {
	trigger = await new WebhookServer(engine, {
		type: 'learningPlatformTrigger',
		parameters: { respond: 'onReceived', ...parameters },
		credentials: { academyOceanWebhookApi: credential },
		mode: mode as 'webhook' | 'manual',
		background: async () => await processDeliveries.settled(),
	}).start();
	return trigger;
}

afterEach(async () => {
	const answeredTwice = trigger?.deliveries.filter((delivery) => delivery.answeredTwice) ?? [];
	await trigger?.stop();
	forgetAcceptedDeliveriesInProcess();
	clockOffsetMs = 0;
	// Checked once all is stopped: an answer the node sent itself must tell n8n so (noWebhookResponse), or n8n answers
	// again and logs ERR_HTTP_HEADERS_SENT.
	expect(answeredTwice).toEqual([]);
});

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
	// Generous: on a loaded 2-core CI machine 200 concurrent deliveries (each an RSA signature) take many seconds.
	const response = await fetch(trigger.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	// "Immediately" answers when the execution starts: wait for it to end before looking at it.
	await trigger.idle();
	return { status: response.status, text, json: text ? (JSON.parse(text) as IDataObject) : undefined };
}

const hmac = (body: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest();
const sign = (body: string | Buffer, secret = SECRET) => hmac(body, secret).toString('hex');

async function postAcademyOcean(payload: unknown, { secret = SECRET, raw }: { secret?: string; raw?: string } = {}) {
	const body = raw ?? JSON.stringify(payload);
	return await post(body, { 'content-type': 'application/json', signature: sign(body, secret) });
}

const firstItem = () => trigger.executions[0]?.[0]?.[0]?.json;
/** Executions in which the trigger passed the delivery on (the others stopped at the trigger). */
const ran = () => trigger.executions.filter((execution) => execution[0]?.length);
const loggedText = () => trigger.logs.map((entry) => entry.message).join('\n');

describe('AcademyOcean webhooks', () => {
	test.each(Object.keys(ACADEMY_OCEAN_EVENT_EXAMPLES))('the reference example of %s starts the workflow once, with the event as sent', async (name) => {
		await startTrigger({ source: 'academyOcean', simplify: false });
		const payload = ACADEMY_OCEAN_EVENT_EXAMPLES[name];
		const response = await postAcademyOcean(payload);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(1);
		expect(trigger.executions[0]).toEqual([[{ json: payload, pairedItem: { item: 0 } }]]);
	});

	test('simplify flattens what a builder maps most', async () => {
		await startTrigger({ source: 'academyOcean', simplify: true });
		await postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['learner.course_certificate.issued']);
		expect(firstItem()).toEqual({
			event: 'learner.course_certificate.issued',
			eventId: '2cba9c09-be-4623-9e7b-d56fe982169f',
			learnerEmail: 'john@example.com',
			learnerFullName: 'John Smith',
			learnerFirstName: 'John',
			learnerLastName: 'Smith',
			courseId: 'dPoNKgv7Jo0kayxqL0O',
			courseName: 'Course',
			academyId: 'j1Q5GN35RYmk9gmMqp7',
			academyName: 'Academy',
			certificatePdf: 'https://app.academyocean.com/public/certificates/kTxmlf1lGhSLb0.pdf',
			certificateIssueDate: '2021-12-10T14:12:58+00:00',
		});
	});

	test('signatures are checked over the exact raw bytes: whitespace and unicode bodies', async () => {
		await startTrigger({ source: 'academyOcean', simplify: false });
		const raw = '  {\r\n  "id": "u-1",\t"event": "lesson.started",  "learner": {"full_name": "Zoë Ærøskøbing 学习者 🚀 \\u00e9"}\n}\n ';
		const response = await postAcademyOcean(undefined, { raw });
		expect(response.status).toBe(200);
		expect(firstItem()).toMatchObject({ learner: { full_name: 'Zoë Ærøskøbing 学习者 🚀 é' } });

		// The same JSON spelled differently is not what was signed.
		const reserialised = JSON.stringify(JSON.parse(raw));
		const mismatch = await post(reserialised, { 'content-type': 'application/json', signature: sign(raw) });
		expect(mismatch.status).toBe(401);
		expect(trigger.executions).toHaveLength(1);
	});

	test.each<[string, (mac: Buffer) => string]>([
		['lowercase hex', (mac) => mac.toString('hex')],
		['uppercase hex', (mac) => mac.toString('hex').toUpperCase()],
		['sha256=-prefixed hex', (mac) => `sha256=${mac.toString('hex')}`],
		['base64', (mac) => mac.toString('base64')],
		['base64url', (mac) => mac.toString('base64url')],
	])('a %s signature is accepted', async (_name, encode) => {
		await startTrigger({ source: 'academyOcean' });
		const body = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.finished']);
		expect((await post(body, { 'content-type': 'application/json', signature: encode(hmac(body)) })).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	const courseStarted = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started']);
	test.each<[string, { body: string; headers: Record<string, string> }, number, string]>([
		['a tampered body', { body: courseStarted.replace('John', 'Joan'), headers: { signature: sign(courseStarted) } }, 401, 'Invalid signature'],
		['the wrong secret', { body: courseStarted, headers: { signature: sign(courseStarted, `${SECRET}x`) } }, 401, 'Invalid signature'],
		['no Signature header', { body: courseStarted, headers: {} }, 401, 'Missing Signature header'],
		['an empty Signature header', { body: courseStarted, headers: { signature: '' } }, 401, 'Missing Signature header'],
		['a truncated signature', { body: courseStarted, headers: { signature: sign(courseStarted).slice(0, 63) } }, 401, 'Invalid signature'],
		['a SHA-1 HMAC', { body: courseStarted, headers: { signature: createHmac('sha1', SECRET).update(courseStarted).digest('hex') } }, 401, 'Invalid signature'],
		['a signed body that is not JSON', { body: 'event=course.started', headers: { 'content-type': 'text/plain', signature: sign('event=course.started') } }, 400, 'Body is not valid JSON'],
		['a signed JSON array', { body: '[{"event":"course.started"}]', headers: { signature: sign('[{"event":"course.started"}]') } }, 400, 'Body is not a JSON object'],
		['signed JSON without an event', { body: '{"id":"x"}', headers: { signature: sign('{"id":"x"}') } }, 400, 'Body has no "event" field'],
		['a body over the size limit', (() => {
			const big = JSON.stringify({ event: 'course.started', padding: 'x'.repeat(1100 * 1024) });
			return { body: big, headers: { signature: sign(big) } };
		})(), 413, 'Payload too large'],
	])('%s is refused without starting the workflow, and nothing secret is answered or logged', async (_name, { body, headers }, status, message) => {
		await startTrigger({ source: 'academyOcean' });
		const response = await post(body, { 'content-type': 'application/json', ...headers });
		expect(response.status).toBe(status);
		expect(JSON.parse(response.text)).toEqual({ error: message });
		expect(trigger.executions).toHaveLength(0);
		const expected = hmac(body);
		for (const leak of [SECRET, expected.toString('hex'), expected.toString('base64'), expected.toString('base64url')]) {
			expect(response.text).not.toContain(leak);
			expect(loggedText()).not.toContain(leak);
		}
		// Exactly one line, at debug level, naming the answer and nothing else.
		expect(trigger.logs).toEqual([{ level: 'debug', message: `Learning Platform Trigger answered a academyOcean delivery ${status}: ${message}` }]);
	});

	test('a body n8n cannot parse as its declared JSON is answered 422 by n8n before the trigger runs', async () => {
		await startTrigger({ source: 'academyOcean' });
		const response = await post('{"event":', { 'content-type': 'application/json', signature: sign('{"event":') });
		expect(response.status).toBe(422);
		expect(trigger.deliveries).toEqual([expect.objectContaining({ nodeRan: false, started: undefined })]);
	});

	describe("n8n's body handling before the trigger (test/harness/webhookBody.ts)", () => {
		const body = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['lesson.started']);

		test('a body sent with a UTF-8 byte order mark is verified over its bytes, BOM included, and parsed without it', async () => {
			await startTrigger({ source: 'academyOcean', simplify: false });
			const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]);
			const response = await post(withBom, { 'content-type': 'application/json', signature: sign(withBom) });
			expect(response).toMatchObject({ status: 200, json: { received: true } });
			expect(firstItem()).toEqual(ACADEMY_OCEAN_EVENT_EXAMPLES['lesson.started']);
			// Signed without the BOM it is not what arrived.
			expect((await post(withBom, { 'content-type': 'application/json', signature: sign(body) })).status).toBe(401);
		});

		test.each<[string, (input: Buffer) => Buffer]>([
			['gzip', (input) => gzipSync(input)],
			['deflate', (input) => deflateSync(input)],
		])('a %s-encoded delivery is inflated by n8n: the signature is checked over the inflated bytes', async (encoding, compress) => {
			await startTrigger({ source: 'academyOcean', simplify: false });
			const response = await post(compress(Buffer.from(body)), { 'content-type': 'application/json', 'content-encoding': encoding, signature: sign(body) });
			expect(response).toMatchObject({ status: 200, json: { received: true } });
			expect(firstItem()).toEqual(ACADEMY_OCEAN_EVENT_EXAMPLES['lesson.started']);
		});

		test('an encoding n8n does not inflate (br) reaches the trigger as sent and fails verification', async () => {
			await startTrigger({ source: 'academyOcean' });
			const response = await post(brotliCompressSync(Buffer.from(body)), { 'content-type': 'text/plain', 'content-encoding': 'br', signature: sign(body) });
			expect(response.status).toBe(401);
			expect(trigger.executions).toHaveLength(0);
		});

		test("past n8n's 16 MiB payload limit (counted inflated) n8n answers 500 and the trigger never runs", async () => {
			await startTrigger({ source: 'academyOcean', options: { maxBodyKb: 32 * 1024 } });
			const huge = JSON.stringify({ event: 'course.started', padding: 'x'.repeat(16 * 1024 * 1024) });
			const response = await post(gzipSync(huge), { 'content-type': 'application/json', 'content-encoding': 'gzip', signature: sign(huge) });
			expect(response).toMatchObject({ status: 500, json: { code: 0, message: 'There was a problem executing the workflow' } });
			expect(trigger.deliveries).toEqual([expect.objectContaining({ nodeRan: false, started: undefined })]);
		});
	});

	test('a secret pasted with a trailing newline still verifies', async () => {
		const padded = engine.credentials.add('academyOceanWebhookApi', { secret: `${SECRET}\n` });
		await startTrigger({ source: 'academyOcean' }, { credential: padded });
		expect((await postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'])).status).toBe(200);
	});

	test('the event filter reads the payload, so the course.finished erratum counts as lesson.finished', async () => {
		await startTrigger({ source: 'academyOcean', academyOceanEvents: ['course.finished', 'team.new_learners'] });
		const finishedExample = await postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['course.finished']);
		expect(finishedExample.status).toBe(200);
		expect(finishedExample.json).toEqual({ received: true, ignored: 'event lesson.finished is not selected' });

		await postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['team.new_learners']);
		await postAcademyOcean({ ...ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'], id: 'f-1', event: 'course.finished' });
		expect(trigger.executions.map((execution) => execution[0][0].json.event)).toEqual(['team.new_learners', 'course.finished']);
	});

	test('a filtered-out event is not remembered: selecting it later lets its retry through', async () => {
		await startTrigger({ source: 'academyOcean', academyOceanEvents: ['quiz.started'] });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.finished'];
		expect((await postAcademyOcean(event)).json).toEqual({ received: true, ignored: 'event quiz.finished is not selected' });
		await trigger.stop();
		await startTrigger({ source: 'academyOcean', academyOceanEvents: ['quiz.finished'] });
		expect((await postAcademyOcean(event)).json).toEqual({ received: true });
	});

	test('a repeated delivery starts the workflow once, also after a restart', async () => {
		await startTrigger({ source: 'academyOcean' });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['lesson.finished'];
		expect((await postAcademyOcean(event)).json).toEqual({ received: true });
		// A retry may be spelled differently; the event id is what identifies it. This process ran it:
		// the webhook answers without starting anything.
		expect((await postAcademyOcean(undefined, { raw: JSON.stringify(event, null, 2) })).json).toEqual({ received: true, duplicate: true });
		expect(trigger.executions).toHaveLength(1);

		// A restart forgets the process memory; n8n's processed-data store still has the delivery as
		// done: the retry's execution stops at the trigger, and this process knows it from then on.
		forgetAcceptedDeliveriesInProcess();
		expect((await postAcademyOcean(event)).json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(2);
		expect(trigger.executions[1]).toEqual([[]]);
		expect((await postAcademyOcean(event)).json).toEqual({ received: true, duplicate: true });
		expect((await postAcademyOcean({ ...event, id: 'another-event' })).json).toEqual({ received: true });
		expect(ran()).toHaveLength(2);
	});

	test("a delivery counts as done in n8n's processed-data store once its execution succeeded; static data holds no record", async () => {
		await startTrigger({ source: 'academyOcean' });
		const events = ['quiz.started', 'quiz.finished', 'lesson.started'].map((name) => ACADEMY_OCEAN_EVENT_EXAMPLES[name]);
		for (const event of events) await postAcademyOcean(event);
		const store = processedDataStore();
		for (const event of events) expect(store.nodeHas(trigger.workflowIdUnderTest, trigger.nodeUnderTest.id, deliveryKey(`academyOcean:id:${String(event.id)}`))).toBe(true);
		// Only the done entries remain: no claim, no lock.
		expect(store.nodeEntries(trigger.workflowIdUnderTest, trigger.nodeUnderTest.id)).toHaveLength(3);
		expect(store.workflowRowExists(trigger.workflowIdUnderTest)).toBe(false);
		expect(trigger.storedStaticData).toEqual({});
	});

	test("when n8n's processed-data store fails, the delivery still runs and the failure is logged", async () => {
		await startTrigger({ source: 'academyOcean' });
		processedDataStore().table.failWith = 'SQLITE_BUSY: database is locked';
		try {
			expect((await postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.finished'])).json).toEqual({ received: true });
		} finally {
			processedDataStore().table.failWith = undefined;
		}
		expect(trigger.executions).toEqual([[[expect.objectContaining({ json: expect.objectContaining({ event: 'quiz.finished' }) })]]]);
		expect(loggedText()).toContain("n8n's de-duplication store could not be used");
		expect(loggedText()).toContain('SQLITE_BUSY: database is locked');
	}, 30_000);

	test('an event without an id is recognised by its content', async () => {
		await startTrigger({ source: 'academyOcean' });
		const withoutId = Object.fromEntries(Object.entries(ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.started']).filter(([field]) => field !== 'id'));
		expect((await postAcademyOcean(withoutId)).json).toEqual({ received: true });
		const reordered = Object.fromEntries(Object.entries(withoutId).reverse());
		expect((await postAcademyOcean(reordered)).json).toEqual({ received: true, duplicate: true });
		expect((await postAcademyOcean({ ...withoutId, learner: { email: 'other@example.com' } })).json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(2);
	});

	test('concurrent retries of one delivery run the workflow once', async () => {
		await startTrigger({ source: 'academyOcean' });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.started'];
		const answers = await Promise.all(Array.from({ length: 20 }, async () => await postAcademyOcean(event)));
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		// Retries that arrived before the first claim start executions that stop at the trigger.
		expect(ran()).toHaveLength(1);
	});

	test('a body of exactly Max Body Size is verified and accepted; one byte more is answered 413', async () => {
		await startTrigger({ source: 'academyOcean', options: { maxBodyKb: 1 } });
		const sized = (bytes: number) => {
			const base = JSON.stringify({ event: 'course.started', padding: '' });
			return JSON.stringify({ event: 'course.started', padding: 'x'.repeat(bytes - base.length) });
		};
		expect(Buffer.byteLength(sized(1024))).toBe(1024);
		const exact = await post(sized(1024), { 'content-type': 'application/json', signature: sign(sized(1024)) });
		expect(exact.status).toBe(200);
		const over = await post(sized(1025), { 'content-type': 'application/json', signature: sign(sized(1025)) });
		expect({ status: over.status, body: over.json }).toEqual({ status: 413, body: { error: 'Payload too large' } });
		expect(trigger.executions).toHaveLength(1);
	});

	test('repeated deliveries can be let through when the user turns that off', async () => {
		await startTrigger({ source: 'academyOcean', options: { ignoreDuplicates: false } });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.started'];
		await postAcademyOcean(event);
		await postAcademyOcean(event);
		expect(trigger.executions).toHaveLength(2);
		for (const [[item]] of trigger.executions) expect(item.json).toMatchObject({ event: 'quiz.started' });
	});

	test('test deliveries in the editor are never de-duplicated, and do not mark production deliveries as seen', async () => {
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['course_group.finished'];
		await startTrigger({ source: 'academyOcean' }, { mode: 'manual' });
		await postAcademyOcean(event);
		await postAcademyOcean(event);
		expect(trigger.executions).toHaveLength(2);
		await trigger.stop();

		await startTrigger({ source: 'academyOcean' });
		expect((await postAcademyOcean(event)).json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(1);
	});

	test('headers are added on request, without credentials', async () => {
		await startTrigger({ source: 'academyOcean', options: { includeHeaders: true } });
		const body = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started']);
		await post(body, { 'content-type': 'application/json', signature: sign(body), authorization: 'Bearer abc', cookie: 'n8n-auth=x', 'x-trace': 't-1' });
		const headers = firstItem()?.headers as IDataObject;
		expect(headers['x-trace']).toBe('t-1');
		expect(headers.authorization).toBeUndefined();
		expect(headers.cookie).toBeUndefined();
	});
});

describe('Canvas Live Events', () => {
	const currentKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const nextKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const attackerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
	let jwks: FakeCanvasJwks;

	const jwk = async (publicKey: KeyObject, kid: string) => ({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });

	beforeEach(async () => {
		canvasJwksCache.clear();
		jwks = await new FakeCanvasJwks([await jwk(currentKeys.publicKey, 'current')]).start();
	});

	afterEach(async () => {
		await jwks.stop();
	});

	const canvasTrigger = async (extra: INodeParameters = {}) =>
		await startTrigger({
			source: 'canvas',
			simplify: false,
			...extra,
			options: { jwksUrl: jwks.url, ...((extra.options as IDataObject) ?? {}) },
		});

	interface TokenOptions {
		kid?: string;
		key?: KeyObject;
		iat?: number;
		exp?: number;
	}
	async function token(payload: Record<string, unknown>, { kid = 'current', key = currentKeys.privateKey, iat = nowSeconds(), exp = iat + 300 }: TokenOptions = {}) {
		return await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuedAt(iat).setExpirationTime(exp).sign(key);
	}

	const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	/** A token signed by hand, for headers and payloads jose refuses to produce. */
	const handSigned = (header: unknown, payloadPart: string, key = currentKeys.privateKey) => {
		const input = `${b64url(header)}.${payloadPart}`;
		return `${input}.${rsaSign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
	};
	const postToken = async (jwt: string, contentType = 'application/jwt') => await post(jwt, { 'content-type': contentType });

	const contentTypes = ['application/jwt', 'text/plain', 'application/octet-stream', undefined];
	test.each(Object.keys(CANVAS_EVENT_BODIES).map((name, index) => [name, contentTypes[index % contentTypes.length]]))(
		'a signed %s event starts the workflow (Content-Type %s)',
		async (name, contentType) => {
			await canvasTrigger();
			const event = canvasEvent(name as string);
			const response = await post(await token(event), contentType ? { 'content-type': contentType } : {});
			expect(response.status).toBe(200);
			expect(response.json).toEqual({ received: true });
			expect(trigger.executions).toHaveLength(1);
			expect(firstItem()).toMatchObject({ metadata: { event_name: name }, body: CANVAS_EVENT_BODIES[name as string] });
		},
	);

	test('a JWT sent as application/json is refused by n8n itself (422) before the trigger runs', async () => {
		// n8n parses a version-1 node's body by its declared type; a JWT is not JSON. Canvas's signed
		// deliveries are not sent as JSON (JSON body parsers see them as empty), so this documents the
		// limit rather than a path Canvas takes.
		await canvasTrigger();
		expect((await postToken(await token(canvasEvent('course_completed')), 'application/json')).status).toBe(422);
		expect(trigger.deliveries).toEqual([expect.objectContaining({ nodeRan: false, started: undefined })]);
	});

	test('simplify gives the student, course and completion', async () => {
		await canvasTrigger({ simplify: true });
		await postToken(await token(canvasEvent('course_completed')));
		expect(firstItem()).toEqual({
			event: 'course_completed',
			eventTime: '2019-11-01T19:11:26.615Z',
			hostname: 'oxana.instructure.com',
			rootAccountUuid: 'VicYj3cu5BIFpoZhDVU4DZumnlBrWi1grgJEzADs',
			userId: '123',
			userEmail: 'inewton@example.com',
			userName: 'Isaac Newton',
			userLogin: 'inewton@example.com',
			userSisId: '456-T45',
			courseId: '565',
			courseName: 'Computer Science I',
			courseSisId: '2017.100.101.101-1',
			completedAt: '2019-11-05T13:38:00.218Z',
			requirementCount: 6,
			requirementCompletedCount: 6,
		});
	});

	const event = canvasEvent('course_completed');
	test.each<[string, () => Promise<string>, number, string]>([
		['expired beyond the clock skew', async () => await token(event, { iat: nowSeconds() - 600, exp: nowSeconds() - 61 }), 401, 'Invalid token: token has expired'],
		['not yet valid', async () => await new SignJWT(event).setProtectedHeader({ alg: 'RS256', kid: 'current' }).setNotBefore(nowSeconds() + 600).sign(currentKeys.privateKey), 401, 'Invalid token: token is not valid yet'],
		['issued in the future', async () => await token(event, { iat: nowSeconds() + 600 }), 401, 'Invalid token: token was issued in the future'],
		['signed with a kid the JWKS does not have', async () => await token(event, { kid: 'made-up', key: nextKeys.privateKey }), 401, 'Invalid token: unknown signing key'],
		['signed by another key under the right kid', async () => await token(event, { key: attackerKeys.privateKey }), 401, 'Invalid token: signature does not match'],
		['without a kid', async () => handSigned({ alg: 'RS256' }, b64url(event)), 401, 'Invalid token: no key id (kid)'],
		// An unsecured JWT (empty signature) is a JWT: the RS256 pin refuses it, before any key is looked up.
		['alg none, unsigned', async () => `${b64url({ alg: 'none', kid: 'current' })}.${b64url(event)}.`, 401, 'Invalid token: algorithm none is not accepted'],
		['RS256, unsigned', async () => `${b64url({ alg: 'RS256', kid: 'current' })}.${b64url(event)}.`, 401, 'Invalid token: malformed signature'],
		['alg none, with a signature', async () => `${b64url({ alg: 'none', kid: 'current' })}.${b64url(event)}.AAAA`, 401, 'Invalid token: algorithm none is not accepted'],
		['HS256 signed with the public key as the secret', async () => {
			const input = `${b64url({ alg: 'HS256', kid: 'current' })}.${b64url(event)}`;
			const pem = currentKeys.publicKey.export({ type: 'spki', format: 'pem' });
			return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
		}, 401, 'Invalid token: algorithm HS256 is not accepted'],
		['RS512 with the right key', async () => await new SignJWT(event).setProtectedHeader({ alg: 'RS512', kid: 'current' }).sign(currentKeys.privateKey), 401, 'Invalid token: algorithm RS512 is not accepted'],
		['carrying its own key (jwk header) signed by that key', async () => await new SignJWT(event).setProtectedHeader({ alg: 'RS256', kid: 'current', jwk: await exportJWK(attackerKeys.publicKey) }).sign(attackerKeys.privateKey), 401, 'Invalid token: signature does not match'],
		['naming a key URL (jku) it signed with', async () => handSigned({ alg: 'RS256', kid: 'current', jku: 'http://127.0.0.1:1/evil' }, b64url(event), attackerKeys.privateKey), 401, 'Invalid token: signature does not match'],
		['with a critical header extension', async () => handSigned({ alg: 'RS256', kid: 'current', crit: ['x-ext'], 'x-ext': 1 }, b64url(event)), 401, 'Invalid token: critical header extensions are not supported'],
		['tampered after signing', async () => {
			const [header, , signature] = (await token(canvasEvent('course_progress'))).split('.');
			return `${header}.${b64url(event)}.${signature}`;
		}, 401, 'Invalid token: signature does not match'],
		['with its signature re-spelled (same bytes, non-canonical base64url)', async () => {
			const valid = await token(event);
			const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
			// 256 signature bytes take 342 characters: the last one carries 4 unused bits.
			const last = alphabet.indexOf(valid.at(-1) as string);
			return `${valid.slice(0, -1)}${alphabet[last ^ 1]}`;
		}, 401, 'Invalid token: malformed signature'],
		['unsigned JSON', async () => JSON.stringify(event), 401, 'Unsigned event refused: expected a signed JWT'],
		['signed but without metadata.event_name', async () => await token({ body: {} }), 400, 'Event has no metadata.event_name'],
		['signed, but what is signed is not a JSON object', async () => handSigned({ alg: 'RS256', kid: 'current' }, b64url(['course_completed'])), 400, 'Invalid token: payload is not a JSON object'],
	])('an event %s is refused and starts nothing', async (_name, makeBody, status, message) => {
		await canvasTrigger();
		const response = await postToken(await makeBody(), 'text/plain');
		expect({ status: response.status, body: response.json }).toEqual({ status, body: { error: message } });
		expect(trigger.executions).toHaveLength(0);
	});

	test('the clock skew option widens the expiry tolerance', async () => {
		await canvasTrigger({ options: { clockSkewSeconds: 300 } });
		expect((await postToken(await token(event, { iat: nowSeconds() - 600, exp: nowSeconds() - 120 }))).status).toBe(200);
	});

	test('concurrent first deliveries share one JWKS fetch', async () => {
		await canvasTrigger();
		const statuses = await Promise.all(
			Array.from({ length: 30 }, async (_, index) => (await postToken(await token(canvasEvent('course_progress', { request_id: `r-${index}` })))).status),
		);
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(jwks.fetches).toBe(1);
		expect(trigger.executions).toHaveLength(30);
	});

	test('a flood of made-up kids causes no JWKS fetch beyond the refetch budget', async () => {
		await canvasTrigger();
		expect((await postToken(await token(event))).status).toBe(200);
		expect(jwks.fetches).toBe(1);

		const flood = async (round: number) =>
			await Promise.all(
				Array.from({ length: 200 }, async (_, index) =>
					(await postToken(await token(canvasEvent('course_progress'), { kid: `bogus-${round}-${index}`, key: attackerKeys.privateKey }))).status,
				),
			);
		expect((await flood(1)).every((status) => status === 401)).toBe(true);
		// The first fetch was under 30 s ago, so no kid, however new, may refetch yet.
		expect(jwks.fetches).toBe(1);

		advanceClock(31_000);
		expect((await flood(2)).every((status) => status === 401)).toBe(true);
		// Once the interval has passed, 200 new kids at once cost one fetch between them.
		expect(jwks.fetches).toBe(2);
		expect(trigger.executions).toHaveLength(1);
	}, 180_000);

	test('a rotated key is picked up by one refetch once the interval allows it', async () => {
		await canvasTrigger();
		expect((await postToken(await token(event))).status).toBe(200);

		jwks.keys = [await jwk(currentKeys.publicKey, 'current'), await jwk(nextKeys.publicKey, 'next')];
		const rotated = async () => await postToken(await token(canvasEvent('course_updated'), { kid: 'next', key: nextKeys.privateKey }));
		expect((await rotated()).status).toBe(401);
		expect(jwks.fetches).toBe(1);

		advanceClock(31_000);
		expect((await rotated()).status).toBe(200);
		expect(jwks.fetches).toBe(2);
		expect((await postToken(await token(canvasEvent('course_created')))).status).toBe(200);
		expect(jwks.fetches).toBe(2);
	});

	test('the previous, current and next keys of the JWKS all verify', async () => {
		jwks.keys = [await jwk(nextKeys.publicKey, 'next'), await jwk(currentKeys.publicKey, 'current')];
		await canvasTrigger();
		expect((await postToken(await token(canvasEvent('course_updated'), { kid: 'next', key: nextKeys.privateKey }))).status).toBe(200);
		expect((await postToken(await token(canvasEvent('course_created')))).status).toBe(200);
		expect(jwks.fetches).toBe(1);
	});

	test('keys past their day of age are read again, so a key withdrawn from the JWKS stops verifying', async () => {
		await canvasTrigger();
		expect((await postToken(await token(canvasEvent('course_created')))).status).toBe(200);
		jwks.keys = [await jwk(nextKeys.publicKey, 'next')];

		advanceClock(60 * 60 * 1000);
		expect((await postToken(await token(canvasEvent('course_updated')))).status).toBe(200);
		expect(jwks.fetches).toBe(1);

		advanceClock(24 * 60 * 60 * 1000);
		expect((await postToken(await token(canvasEvent('course_progress')))).json).toEqual({ error: 'Invalid token: unknown signing key' });
		expect(jwks.fetches).toBe(2);
	});

	test('an outage of the JWKS endpoint does not refuse events signed with keys read before', async () => {
		await canvasTrigger();
		expect((await postToken(await token(canvasEvent('course_created')))).status).toBe(200);
		jwks.server.inject({ kind: 'status', status: 502, body: 'bad gateway' }, 100);
		advanceClock(25 * 60 * 60 * 1000);
		expect((await postToken(await token(canvasEvent('course_updated')))).status).toBe(200);
		expect(jwks.fetches).toBe(2);
	});

	test('an unreachable JWKS answers 503 so Canvas retries, starts nothing, and tells the operator', async () => {
		await canvasTrigger();
		jwks.server.inject({ kind: 'status', status: 500, body: 'down' }, 1);
		const response = await postToken(await token(event));
		expect(response.status).toBe(503);
		expect(response.json).toEqual({ error: 'Signing keys are unavailable, retry later' });
		expect(trigger.executions).toHaveLength(0);
		expect(trigger.logs).toContainEqual({ level: 'warn', message: expect.stringContaining(`The JWKS at ${jwks.url} could not be read`) });

		// Canvas's retries within the refetch interval do not reach the JWKS endpoint.
		expect((await postToken(await token(event))).status).toBe(503);
		expect(jwks.fetches).toBe(1);

		advanceClock(31_000);
		expect((await postToken(await token(event))).status).toBe(200);
		expect(jwks.fetches).toBe(2);
		expect(trigger.executions).toHaveLength(1);
	});

	test('unsigned JSON is accepted only when explicitly allowed; a signed token is still verified', async () => {
		await canvasTrigger({ options: { acceptUnsigned: true } });
		const response = await post(JSON.stringify(canvasEvent('course_created')), { 'content-type': 'application/json' });
		expect(response.status).toBe(200);
		expect(firstItem()).toMatchObject({ metadata: { event_name: 'course_created' } });

		expect((await postToken(await token(event, { key: attackerKeys.privateKey }))).status).toBe(401);
		expect(trigger.executions).toHaveLength(1);
	});

	test('events of other Canvas hosts are refused when hosts are restricted', async () => {
		await canvasTrigger({ options: { allowedHosts: 'school.instructure.com, OXANA.instructure.com' } });
		expect((await postToken(await token(event))).status).toBe(200);
		const foreign = await postToken(await token(canvasEvent('course_completed', { hostname: 'other.instructure.com' })));
		expect(foreign.status).toBe(403);
		expect(trigger.executions).toHaveLength(1);
	});

	test('filter, and a retried delivery starts the workflow once even when Canvas signs it again', async () => {
		await canvasTrigger({ canvasEvents: ['course_completed'] });
		expect((await postToken(await token(canvasEvent('course_progress')))).json).toEqual({
			received: true,
			ignored: 'event course_progress is not selected',
		});
		const first = await token(event);
		expect((await postToken(first)).json).toEqual({ received: true });
		expect((await postToken(first)).json).toEqual({ received: true, duplicate: true });

		advanceClock(5_000);
		const resigned = await token(event);
		expect(resigned).not.toBe(first);
		expect((await postToken(resigned)).json).toEqual({ received: true, duplicate: true });

		expect((await postToken(await token(canvasEvent('course_completed', { request_id: 'another-request' })))).json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(2);
	});

	describe('activation', () => {
		async function activate(activation: WorkflowActivateMode) {
			const workflow = trigger.workflow();
			const additionalData = engine.additionalData(new ExecutionLifecycleHooks('trigger', workflow.id, { id: workflow.id } as never));
			const context = new HookContext(workflow, trigger.nodeUnderTest, additionalData, 'trigger', activation);
			return await new LearningPlatformTrigger().webhookMethods.default.create.call(context);
		}

		test('reads the JWKS once, and fails clearly when the user activates and it cannot be read', async () => {
			await canvasTrigger();
			expect(await activate('activate')).toBe(true);
			expect(jwks.fetches).toBe(1);

			canvasJwksCache.clear();
			jwks.server.inject({ kind: 'drop' }, 1);
			await expect(activate('activate')).rejects.toThrow(`The Canvas signing keys could not be fetched from the JWKS URL ${jwks.url}`);
		});

		test('with unsigned events allowed, activation needs no JWKS: it is neither read nor required', async () => {
			await canvasTrigger({ options: { acceptUnsigned: true } });
			jwks.server.inject({ kind: 'drop' }, 1);
			expect(await activate('activate')).toBe(true);
			expect(jwks.fetches).toBe(0);
		});

		test('on n8n start-up a JWKS outage does not leave the workflow inactive', async () => {
			await canvasTrigger();
			jwks.server.inject({ kind: 'status', status: 503 }, 1);
			expect(await activate('init')).toBe(true);
			expect(jwks.fetches).toBe(1);
		});

		test('an AcademyOcean trigger needs a secret in its credential', async () => {
			const empty = engine.credentials.add('academyOceanWebhookApi', { secret: '  ' });
			await startTrigger({ source: 'academyOcean' }, { credential: empty });
			await expect(activate('activate')).rejects.toThrow('The AcademyOcean webhook credential has no secret key');
		});
	});
});
