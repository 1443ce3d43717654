import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { HookContext } from 'n8n-core';
import { SignJWT, exportJWK } from 'jose';
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { AcademyOceanWebhookApi } from '../../credentials/AcademyOceanWebhookApi.credentials';
import { forgetAcceptedDeliveriesInProcess } from '../../nodes/LearningPlatformTrigger/deduplication';
import { LearningPlatformTrigger, canvasJwksCache } from '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node';
import { FakeCanvasJwks } from '../fakes/canvasJwks.ts';
import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../fixtures/academyOceanEvents.ts';
import { CANVAS_EVENT_BODIES, canvasEvent } from '../fixtures/canvasEvents.ts';
import { Engine } from '../harness/engine.ts';
import { WebhookServer } from '../harness/webhook.ts';

const SECRET = `whsec-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const engine = new Engine({
	nodeTypes: { learningPlatformTrigger: new LearningPlatformTrigger() },
	credentialTypes: [new AcademyOceanWebhookApi()],
});
const secretCredential: INodeCredentialsDetails = engine.credentials.add('academyOceanWebhookApi', { secret: SECRET });

let trigger: WebhookServer;

async function startTrigger(parameters: INodeParameters): Promise<WebhookServer> {
	trigger = await new WebhookServer(engine, {
		type: 'learningPlatformTrigger',
		parameters,
		credentials: { academyOceanWebhookApi: secretCredential },
	}).start();
	return trigger;
}

afterEach(async () => {
	await trigger?.stop();
	forgetAcceptedDeliveriesInProcess();
});

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
	const response = await fetch(trigger.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(5000) });
	const text = await response.text();
	return { status: response.status, text, json: text ? (JSON.parse(text) as IDataObject) : undefined };
}

const sign = (body: string | Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

async function postAcademyOcean(payload: unknown, { secret = SECRET, raw }: { secret?: string; raw?: string } = {}) {
	const body = raw ?? JSON.stringify(payload);
	return await post(body, { 'content-type': 'application/json', signature: sign(body, secret) });
}

const firstItem = () => trigger.executions[0]?.[0]?.[0]?.json;

describe('AcademyOcean webhooks', () => {
	test.each(Object.keys(ACADEMY_OCEAN_EVENT_EXAMPLES))('the reference example of %s starts the workflow once', async (name) => {
		await startTrigger({ source: 'academyOcean', simplify: false });
		const payload = ACADEMY_OCEAN_EVENT_EXAMPLES[name];
		const response = await postAcademyOcean(payload);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(1);
		expect(firstItem()).toEqual(payload);
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
		const raw = '  {\n  "id": "u-1",\t"event": "lesson.started",  "learner": {"full_name": "Zoë Ærøskøbing 学习者 🚀"}\n}\n ';
		const response = await postAcademyOcean(undefined, { raw });
		expect(response.status).toBe(200);
		expect(firstItem()).toMatchObject({ learner: { full_name: 'Zoë Ærøskøbing 学习者 🚀' } });

		const reserialised = JSON.stringify(JSON.parse(raw));
		const mismatch = await post(reserialised, { 'content-type': 'application/json', signature: sign(raw) });
		expect(mismatch.status).toBe(401);
		expect(trigger.executions).toHaveLength(1);
	});

	test('a base64 signature is accepted too', async () => {
		await startTrigger({ source: 'academyOcean' });
		const body = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.finished']);
		const signature = createHmac('sha256', SECRET).update(body).digest('base64');
		expect((await post(body, { 'content-type': 'application/json', signature })).status).toBe(200);
	});

	test.each<[string, () => Promise<{ status: number; text: string }>, number, string]>([
		['a tampered body', async () => {
			const body = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started']);
			return await post(body.replace('John', 'Joan'), { 'content-type': 'application/json', signature: sign(body) });
		}, 401, 'Invalid signature'],
		['the wrong secret', () => postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'], { secret: `${SECRET}x` }), 401, 'Invalid signature'],
		['no Signature header', () => post(JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started']), { 'content-type': 'application/json' }), 401, 'Missing Signature header'],
		['a signed body that is not JSON', () => postAcademyOcean(undefined, { raw: 'event=course.started' }), 400, 'Body is not valid JSON'],
		['signed JSON without an event', () => postAcademyOcean({ id: 'x' }), 400, 'Body has no "event" field'],
		['a body over the size limit', () => postAcademyOcean({ event: 'course.started', padding: 'x'.repeat(1100 * 1024) }), 413, 'Payload too large'],
	])('%s is refused without starting the workflow and without leaking the secret', async (_name, send, status, message) => {
		await startTrigger({ source: 'academyOcean' });
		const response = await send();
		expect(response.status).toBe(status);
		expect(JSON.parse(response.text)).toEqual({ error: message });
		expect(response.text).not.toContain(SECRET);
		expect(trigger.executions).toHaveLength(0);
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

	test('a repeated delivery starts the workflow once, also after a restart', async () => {
		await startTrigger({ source: 'academyOcean' });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['lesson.finished'];
		expect((await postAcademyOcean(event)).json).toEqual({ received: true });
		expect((await postAcademyOcean(event)).json).toEqual({ received: true, duplicate: true });

		// A restart forgets the process memory; the record in workflow static data remains.
		forgetAcceptedDeliveriesInProcess();
		expect((await postAcademyOcean(event)).json).toEqual({ received: true, duplicate: true });
		expect((await postAcademyOcean({ ...event, id: 'another-event' })).json).toEqual({ received: true });
		expect(trigger.executions).toHaveLength(2);
	});

	test('concurrent retries of one delivery start one execution', async () => {
		await startTrigger({ source: 'academyOcean' });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.started'];
		const answers = await Promise.all(Array.from({ length: 20 }, () => postAcademyOcean(event)));
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		expect(trigger.executions).toHaveLength(1);
	});

	test('repeated deliveries can be let through when the user turns that off', async () => {
		await startTrigger({ source: 'academyOcean', options: { ignoreDuplicates: false } });
		const event = ACADEMY_OCEAN_EVENT_EXAMPLES['quiz.started'];
		await postAcademyOcean(event);
		await postAcademyOcean(event);
		expect(trigger.executions).toHaveLength(2);
	});

	test('headers are added on request, without credentials', async () => {
		await startTrigger({ source: 'academyOcean', options: { includeHeaders: true } });
		const body = JSON.stringify(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started']);
		await post(body, { 'content-type': 'application/json', signature: sign(body), authorization: 'Bearer abc', 'x-trace': 't-1' });
		const headers = firstItem()?.headers as IDataObject;
		expect(headers['x-trace']).toBe('t-1');
		expect(headers.authorization).toBeUndefined();
	});
});

describe('Canvas Live Events', () => {
	const NOW = () => Math.floor(Date.now() / 1000);
	const currentKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const nextKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
	let jwks: FakeCanvasJwks;

	const jwk = async (publicKey: KeyObject, kid: string) => ({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });

	beforeEach(async () => {
		canvasJwksCache.clear();
		jwks = await new FakeCanvasJwks([await jwk(currentKeys.publicKey, 'current')]).start();
	});

	afterEach(async () => {
		await jwks.stop();
	});

	const canvasTrigger = (extra: INodeParameters = {}) =>
		startTrigger({
			source: 'canvas',
			simplify: false,
			...extra,
			options: { jwksUrl: jwks.url, ...((extra.options as IDataObject) ?? {}) },
		});

	async function token(payload: Record<string, unknown>, { kid = 'current', key = currentKeys.privateKey, exp = NOW() + 300 } = {}) {
		return await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuedAt().setExpirationTime(exp).sign(key);
	}

	test.each(Object.keys(CANVAS_EVENT_BODIES))('a signed %s event starts the workflow, whatever the Content-Type', async (name) => {
		await canvasTrigger();
		const event = canvasEvent(name);
		const response = await post(await token(event), { 'content-type': name === 'course_completed' ? 'application/json' : 'text/plain' });
		expect(response.status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
		expect(firstItem()).toMatchObject({ metadata: { event_name: name }, body: CANVAS_EVENT_BODIES[name] });
	});

	test('simplify gives the student, course and completion', async () => {
		await canvasTrigger({ simplify: true });
		await post(await token(canvasEvent('course_completed')));
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

	const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

	test.each<[string, () => Promise<string>, number]>([
		['expired', () => token(canvasEvent('course_completed'), { exp: NOW() - 120 }), 401],
		['not yet valid', async () => new SignJWT(canvasEvent('course_completed')).setProtectedHeader({ alg: 'RS256', kid: 'current' }).setNotBefore(NOW() + 600).sign(currentKeys.privateKey), 401],
		['signed with a kid the JWKS does not have', () => token(canvasEvent('course_completed'), { kid: 'made-up', key: nextKeys.privateKey }), 401],
		['signed by another key under the right kid', () => token(canvasEvent('course_completed'), { key: nextKeys.privateKey }), 401],
		['alg none', async () => `${b64url({ alg: 'none', kid: 'current' })}.${b64url(canvasEvent('course_completed'))}.`, 401],
		['HS256 signed with the public key', async () => {
			const input = `${b64url({ alg: 'HS256', kid: 'current' })}.${b64url(canvasEvent('course_completed'))}`;
			const pem = currentKeys.publicKey.export({ type: 'spki', format: 'pem' });
			return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
		}, 401],
		['tampered after signing', async () => {
			const [header, , signature] = (await token(canvasEvent('course_progress'))).split('.');
			return `${header}.${b64url(canvasEvent('course_completed'))}.${signature}`;
		}, 401],
		['unsigned JSON', async () => JSON.stringify(canvasEvent('course_completed')), 401],
		['signed but without metadata.event_name', () => token({ body: {} }), 400],
	])('an event %s is refused and starts nothing', async (_name, makeBody, status) => {
		await canvasTrigger();
		const response = await post(await makeBody(), { 'content-type': 'application/json' });
		expect(response.status).toBe(status);
		expect(trigger.executions).toHaveLength(0);
	});

	test('a flood of made-up kids causes no JWKS fetch beyond the refetch budget', async () => {
		await canvasTrigger();
		expect((await post(await token(canvasEvent('course_completed')))).status).toBe(200);
		expect(jwks.fetches).toBe(1);

		const flood = await Promise.all(
			Array.from({ length: 200 }, async (_, index) =>
				(await post(await token(canvasEvent('course_progress'), { kid: `bogus-${index}`, key: nextKeys.privateKey }))).status,
			),
		);
		expect(flood.every((status) => status === 401)).toBe(true);
		// The first fetch was under 30 s ago, so no kid, however new, may refetch yet (the unit
		// tests of JwksCache cover the refetch once the interval has passed).
		expect(jwks.fetches).toBe(1);
		expect(trigger.executions).toHaveLength(1);
	});

	test('the previous, current and next keys of the JWKS all verify', async () => {
		jwks.keys = [await jwk(nextKeys.publicKey, 'next'), await jwk(currentKeys.publicKey, 'current')];
		await canvasTrigger();
		expect((await post(await token(canvasEvent('course_updated'), { kid: 'next', key: nextKeys.privateKey }))).status).toBe(200);
		expect((await post(await token(canvasEvent('course_created')))).status).toBe(200);
		expect(jwks.fetches).toBe(1);
	});

	test('an unreachable JWKS answers 503 so Canvas retries, and starts nothing', async () => {
		await canvasTrigger();
		jwks.server.inject({ kind: 'status', status: 500, body: 'down' }, 5);
		const response = await post(await token(canvasEvent('course_completed')));
		expect(response.status).toBe(503);
		expect(JSON.parse(response.text)).toEqual({ error: 'Signing keys are unavailable, retry later' });
		expect(trigger.executions).toHaveLength(0);
	});

	test('unsigned JSON is accepted only when explicitly allowed', async () => {
		await canvasTrigger({ options: { acceptUnsigned: true } });
		const response = await post(JSON.stringify(canvasEvent('course_created')), { 'content-type': 'application/json' });
		expect(response.status).toBe(200);
		expect(firstItem()).toMatchObject({ metadata: { event_name: 'course_created' } });
	});

	test('events of other Canvas hosts are refused when hosts are restricted', async () => {
		await canvasTrigger({ options: { allowedHosts: 'school.instructure.com, OXANA.instructure.com' } });
		expect((await post(await token(canvasEvent('course_completed')))).status).toBe(200);
		const foreign = await post(await token(canvasEvent('course_completed', { hostname: 'other.instructure.com' })));
		expect(foreign.status).toBe(403);
		expect(trigger.executions).toHaveLength(1);
	});

	test('filter and duplicate delivery', async () => {
		await canvasTrigger({ canvasEvents: ['course_completed'] });
		const completed = await token(canvasEvent('course_completed'));
		expect((await post(await token(canvasEvent('course_progress')))).json).toEqual({
			received: true,
			ignored: 'event course_progress is not selected',
		});
		expect((await post(completed)).json).toEqual({ received: true });
		expect((await post(completed)).json).toEqual({ received: true, duplicate: true });
		expect(trigger.executions).toHaveLength(1);
	});

	test('activation reads the JWKS, and fails clearly when it cannot', async () => {
		await canvasTrigger();
		const activate = async () => {
			const workflow = trigger.workflow();
			const hooks = (await import('n8n-core')).ExecutionLifecycleHooks;
			const additionalData = engine.additionalData(new hooks('trigger', 'activation', { id: workflow.id } as never));
			const context = new HookContext(workflow, trigger.nodeUnderTest, additionalData, 'trigger', 'activate');
			const methods = new LearningPlatformTrigger().webhookMethods.default;
			return await methods.create.call(context);
		};
		expect(await activate()).toBe(true);
		expect(jwks.fetches).toBe(1);

		canvasJwksCache.clear();
		jwks.server.inject({ kind: 'drop' }, 1);
		await expect(activate()).rejects.toThrow(/could not be read/);
	});
});
