import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ExecutionLifecycleHooks, HookContext } from 'n8n-core';
import { SignJWT, exportJWK } from 'jose';
import type { IDataObject, IHookFunctions, INodeParameters, INodeProperties, WorkflowActivateMode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AcademyOceanWebhookApi } from '../../credentials/AcademyOceanWebhookApi.credentials';
import { canvasJwksCache } from '../../nodes/LearningPlatformTrigger/canvas';
import { deliveryKey, forgetAcceptedDeliveriesInProcess, processDeliveries } from '../../nodes/LearningPlatformTrigger/deduplication';
import { sourceEvents } from '../../nodes/LearningPlatformTrigger/events';
import { LearningPlatformTrigger } from '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node';
import { FakeCanvasJwks } from '../fakes/canvasJwks.ts';
import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../fixtures/academyOceanEvents.ts';
import { canvasEvent } from '../fixtures/canvasEvents.ts';
import { addFromPanel, setParameter } from '../harness/editorParameters.ts';
import { Engine } from '../harness/engine.ts';
import { Pickers } from '../harness/loadOptions.ts';
import { WebhookServer } from '../harness/webhook.ts';

const SECRET = `whsec-${Math.random().toString(36).slice(2)}`;
const nodeType = new LearningPlatformTrigger();
const engine = new Engine({ nodeTypes: { learningPlatformTrigger: nodeType }, credentialTypes: [new AcademyOceanWebhookApi()] });
const secret = engine.credentials.add('academyOceanWebhookApi', { secret: SECRET });
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

let trigger: WebhookServer | undefined;
let jwks: FakeCanvasJwks;

beforeEach(async () => {
	canvasJwksCache.clear();
	jwks = await new FakeCanvasJwks([{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }]).start();
});

afterEach(async () => {
	await trigger?.idle();
	const answeredTwice = trigger?.deliveries.filter((delivery) => delivery.answeredTwice) ?? [];
	await trigger?.stop();
	trigger = undefined;
	await jwks.stop();
	forgetAcceptedDeliveriesInProcess();
	// Checked once all is stopped: an answer the node sent itself must tell n8n so (noWebhookResponse), or n8n answers
	// again and logs ERR_HTTP_HEADERS_SENT.
	expect(answeredTwice).toEqual([]);
});

/** Answered "Immediately" (version 2's default is When Last Node Finishes): the answer body then shows what the trigger decided. */
async function startTrigger(typeVersion: number, parameters: INodeParameters) {
	trigger = await new WebhookServer(engine, {
		type: 'learningPlatformTrigger',
		typeVersion,
		parameters: { respond: 'onReceived', ...parameters },
		credentials: { academyOceanWebhookApi: secret },
		background: async () => await processDeliveries.settled(),
	}).start();
	return trigger;
}

const canvasTrigger = async (typeVersion: number, parameters: INodeParameters = {}) =>
	await startTrigger(typeVersion, {
		source: 'canvas',
		simplify: false,
		...parameters,
		options: { jwksUrl: jwks.url, ...((parameters.options as IDataObject) ?? {}) },
	});

async function signed(payload: Record<string, unknown>, key: KeyObject = keys.privateKey) {
	return await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt().setExpirationTime('5m').sign(key);
}

async function post(body: string, headers: Record<string, string>) {
	const response = await fetch(trigger!.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(30_000) });
	const json = (await response.json()) as IDataObject;
	// "Immediately" answers when the execution starts: wait for it to end before looking at it.
	await trigger!.idle();
	return { status: response.status, json };
}

const postCanvas = async (hostname: string, name = 'course_completed') =>
	await post(await signed(canvasEvent(name, { hostname })), { 'content-type': 'application/jwt' });

async function postAcademyOcean(payload: unknown) {
	const body = JSON.stringify(payload);
	return await post(body, { 'content-type': 'application/json', signature: createHmac('sha256', SECRET).update(body).digest('hex') });
}

/** Runs the trigger's activation as n8n does when a workflow is published (or tested), capturing what it logs. */
async function activate(activation: WorkflowActivateMode = 'activate') {
	const workflow = trigger!.workflow();
	const additionalData = engine.additionalData(new ExecutionLifecycleHooks('trigger', workflow.id, { id: workflow.id } as never));
	const context = new HookContext(workflow, trigger!.nodeUnderTest, additionalData, 'trigger', activation);
	const warnings: string[] = [];
	const warn = jest.spyOn(context.logger, 'warn').mockImplementation((message: string) => void warnings.push(message));
	try {
		return { result: await nodeType.webhookMethods.default.create.call(context), warnings };
	} finally {
		warn.mockRestore();
	}
}

describe('Canvas is secure by default (version 2)', () => {
	test('only the listed hosts start the workflow, in any case, several separated by commas', async () => {
		await canvasTrigger(2, { allowedCanvasHosts: 'school.instructure.com, OXANA.instructure.com' });
		expect((await activate()).result).toBe(true);
		expect((await postCanvas('oxana.instructure.com')).status).toBe(200);
		expect(await postCanvas('attacker.instructure.com')).toEqual({ status: 403, json: { error: 'Event comes from a Canvas host that is not allowed' } });
		expect(trigger!.executions).toHaveLength(1);
	});

	test('* accepts any host', async () => {
		await canvasTrigger(2, { allowedCanvasHosts: '*' });
		expect((await postCanvas('anyone.instructure.com')).status).toBe(200);
		expect(trigger!.executions).toHaveLength(1);
	});

	test('left empty, activation refuses with what to enter, and deliveries are refused', async () => {
		await canvasTrigger(2, { allowedCanvasHosts: '' });
		await expect(activate()).rejects.toThrow('Allowed Canvas Hosts is empty: no Canvas event would be accepted');
		await expect(activate()).rejects.toMatchObject({ description: expect.stringMatching(/school\.instructure\.com.*\* to accept/) });
		expect((await postCanvas('oxana.instructure.com')).status).toBe(403);
		expect(trigger!.executions).toHaveLength(0);
	});

	test('the version-1 option is not read by version 2', async () => {
		await canvasTrigger(2, { allowedCanvasHosts: 'school.instructure.com', options: { allowedHosts: 'oxana.instructure.com' } });
		expect((await postCanvas('oxana.instructure.com')).status).toBe(403);
	});
});

describe('saved version-1 Canvas triggers keep their behaviour', () => {
	test('with Allowed Canvas Hosts empty any host is still accepted, and activation logs a warning saying why and what to do', async () => {
		await canvasTrigger(1);
		const { result, warnings } = await activate();
		expect(result).toBe(true);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/Allowed Canvas Hosts is empty, so signed Live Events of any Canvas institution start this workflow/);
		expect(warnings[0]).toMatch(/Options > Allowed Canvas Hosts/);
		expect(warnings[0]).toContain(`Learning Platform Trigger "${trigger!.nodeUnderTest.name}" (workflow ${trigger!.workflowIdUnderTest}): `);
		expect((await postCanvas('anyone.instructure.com')).status).toBe(200);
	});

	test('a value of spaces counts as empty; with unsigned events accepted the warning is not about hosts, so none is logged', async () => {
		await canvasTrigger(1, { options: { allowedHosts: '   ' } });
		expect((await activate()).warnings).toHaveLength(1);
		await trigger!.stop();
		await canvasTrigger(1, { options: { acceptUnsigned: true } });
		expect((await activate()).warnings).toEqual([]);
	});

	test('with the option filled in nothing is logged and other hosts are refused', async () => {
		await canvasTrigger(1, { options: { allowedHosts: 'school.instructure.com' } });
		expect((await activate()).warnings).toEqual([]);
		expect((await postCanvas('oxana.instructure.com')).status).toBe(403);
	});

	test('the warning is logged at n8n start-up too, where activation must not fail', async () => {
		await canvasTrigger(1);
		const { result, warnings } = await activate('init');
		expect(result).toBe(true);
		expect(warnings).toHaveLength(1);
	});
});

describe('one Events list for both sources (version 2)', () => {
	test('AcademyOcean and Canvas events are chosen in the same parameter and filter deliveries', async () => {
		await startTrigger(2, { source: 'academyOcean', operation: ['course.finished'], simplify: false });
		expect((await postAcademyOcean(ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'])).json).toEqual({
			received: true,
			ignored: 'event course.started is not selected',
		});
		const finished = { ...ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'], id: 'e-1', event: 'course.finished' };
		expect((await postAcademyOcean(finished)).json).toEqual({ received: true });
		await trigger!.stop();

		await canvasTrigger(2, { operation: ['course_progress'], allowedCanvasHosts: '*' });
		expect((await postCanvas('oxana.instructure.com', 'course_completed')).json).toMatchObject({ ignored: 'event course_completed is not selected' });
		expect((await postCanvas('oxana.instructure.com', 'course_progress')).json).toEqual({ received: true });
	});

	test('events kept from the other Source are named at activation', async () => {
		await canvasTrigger(2, { operation: ['course.finished', 'course_completed'], allowedCanvasHosts: '*' });
		await expect(activate()).rejects.toMatchObject({
			message: 'Events: course.finished is not an event of Canvas',
			description: 'Choose the Events again after changing Source: only events of the chosen Source can start the workflow',
		});
		await trigger!.stop();
		await canvasTrigger(2, { operation: ['course.finished', 'course.started', 'course_completed'], allowedCanvasHosts: '*' });
		await expect(activate()).rejects.toThrow(/^Events: course.finished, course.started are not events of Canvas$/);
	});
});

describe('the chosen Events survive switching Source and back, as n8n\'s editor updates parameters', () => {
	const { description } = nodeType;
	const fromPanel = (values: INodeParameters) => addFromPanel(description, 2, values);

	test('the editor model reproduces the reset of the first design (one Events list per Source, both static)', () => {
		const perSource: INodeProperties[] = [
			{ displayName: 'Source', name: 'source', type: 'options', default: 'a', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }] },
			{ displayName: 'Events', name: 'events', type: 'multiOptions', default: [], displayOptions: { show: { source: ['a'] } }, options: [{ name: 'X', value: 'x' }] },
			{ displayName: 'Events', name: 'events', type: 'multiOptions', default: [], displayOptions: { show: { source: ['b'] } }, options: [{ name: 'Y', value: 'y' }] },
		];
		const model = { ...description, properties: perSource };
		const switched = setParameter(model, setParameter(model, { typeVersion: 2, parameters: { source: 'a', events: ['x'] } }, 'source', 'b'), 'source', 'a');
		expect(switched.parameters.events).toEqual([]);
	});

	test('a Canvas entry from the node panel: Source AcademyOcean and back keeps the events, and they filter deliveries', async () => {
		let node = fromPanel({ operation: ['course_completed'], source: 'canvas' });
		expect(node.parameters).toMatchObject({ source: 'canvas', operation: ['course_completed'] });
		node = setParameter(description, node, 'operation', ['course_completed', 'course_progress']);
		node = setParameter(description, node, 'source', 'academyOcean');
		expect(node.parameters.operation).toEqual(['course_completed', 'course_progress']);
		node = setParameter(description, node, 'source', 'canvas');
		expect(node.parameters).toMatchObject({ source: 'canvas', operation: ['course_completed', 'course_progress'] });

		// The editor gives a new version-2 trigger Respond: When Last Node Finishes; answered at once here, so that
		// the answer body shows what the trigger decided.
		expect(node.parameters.respond).toBe('lastNode');
		await canvasTrigger(2, { ...node.parameters, respond: 'onReceived', allowedCanvasHosts: '*' });
		expect((await activate()).result).toBe(true);
		expect((await postCanvas('oxana.instructure.com', 'course_progress')).json).toEqual({ received: true });
		expect((await postCanvas('oxana.instructure.com', 'course_created')).json).toMatchObject({ ignored: 'event course_created is not selected' });
		expect(trigger!.executions).toHaveLength(1);
	});

	test('AcademyOcean events chosen by hand survive Canvas and back, and filter deliveries', async () => {
		let node = fromPanel({ operation: ['course.finished'], source: 'academyOcean' });
		node = setParameter(description, node, 'operation', ['course.finished', 'quiz.finished']);
		node = setParameter(description, setParameter(description, node, 'source', 'canvas'), 'source', 'academyOcean');
		expect(node.parameters).toMatchObject({ source: 'academyOcean', operation: ['course.finished', 'quiz.finished'] });

		await startTrigger(2, { ...node.parameters, respond: 'onReceived', simplify: false });
		expect((await activate()).result).toBe(true);
		const quiz = { ...ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'], id: 'e-quiz', event: 'quiz.finished' };
		expect((await postAcademyOcean(quiz)).json).toEqual({ received: true });
		expect((await postAcademyOcean({ ...quiz, id: 'e-lesson', event: 'lesson.started' })).json).toMatchObject({ ignored: 'event lesson.started is not selected' });
		expect(trigger!.executions).toHaveLength(1);
	});

	test('left on the other Source, the kept events are named at activation instead of silently never matching', async () => {
		const node = setParameter(description, fromPanel({ operation: ['course.finished'], source: 'academyOcean' }), 'source', 'canvas');
		await canvasTrigger(2, { ...node.parameters, allowedCanvasHosts: '*' });
		await expect(activate()).rejects.toThrow('Events: course.finished is not an event of Canvas');
	});

	test('the Events field lists the chosen Source\'s events, All Events first (loadOptions, as the editor runs it)', async () => {
		const pickers = new Pickers(engine);
		const listed = async (source: string) =>
			await pickers.options({ type: 'learningPlatformTrigger', typeVersion: 2, parameters: { source } }, 'sourceEvents');
		const canvas = await listed('canvas');
		expect(canvas.map((option) => option.value)).toEqual(['*', 'course_completed', 'course_created', 'course_progress', 'course_section_created', 'course_section_updated', 'course_updated']);
		const academyOcean = await listed('academyOcean');
		expect(academyOcean[0]).toMatchObject({ name: 'All Events', value: '*' });
		expect(academyOcean.map((option) => option.value)).toContain('team.new_learners');
		expect(academyOcean.map((option) => option.value)).not.toContain('course_completed');
		expect(academyOcean.every((option) => !('action' in option))).toBe(true);
	});
});

describe('activation when the JWKS cannot be read', () => {
	test('on n8n start-up (or a new leader) the workflow stays active and the operator is told deliveries get 503', async () => {
		for (const mode of ['init', 'leadershipChange'] as const) {
			canvasJwksCache.clear();
			await canvasTrigger(2, { allowedCanvasHosts: '*' });
			jwks.server.inject({ kind: 'status', status: 503 }, 1);
			const { result, warnings } = await activate(mode);
			expect({ result, warnings }).toEqual({
				result: true,
				warnings: [expect.stringMatching(/^Learning Platform Trigger: .+; Canvas events are answered 503 until it can be read$/)],
			});
			await trigger!.stop();
		}
	});

	test('says which keys could not be fetched from where, and what to check', async () => {
		await canvasTrigger(2, { allowedCanvasHosts: '*' });
		jwks.server.inject({ kind: 'drop' }, 1);
		const failure = activate();
		await expect(failure).rejects.toThrow(
			`The Canvas signing keys could not be fetched from the JWKS URL ${jwks.url}. Check Options > JWKS URL and that n8n can reach it (proxy, firewall, DNS)`,
		);
		await failure.catch((error: { description?: string }) => {
			expect(error.description).toMatch(/Check Options > JWKS URL \(Instructure's is https:\/\/8axpcl50e4/);
			expect(error.description).toMatch(/proxy, firewall, DNS/);
			expect(error.description).toMatch(/Cause: The JWKS at .* could not be read/);
		});
		// n8n swaps any error message naming a network error code for its generic sentence: the message names none.
		const message = String(await failure.catch((error: Error) => error.message));
		expect(message).not.toMatch(/ECONN|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|EHOSTUNREACH/i);
		const { NodeApiError } = await import('n8n-workflow');
		const rewrapped = new NodeApiError(trigger!.nodeUnderTest, { message }, { message });
		expect(rewrapped.message).toBe(message);
	});
});

describe('what n8n’s node panel reads', () => {
	const { description } = nodeType;
	const node = { typeVersion: 2 } as never;
	const neverShown = (property: INodeProperties) =>
		['academyOcean', 'canvas'].every((source) => !NodeHelpers.displayParameter({ source }, property, node, description));

	test('the first "Events" parameter lists AcademyOcean events with panel entries presetting Source AcademyOcean, and is never shown', () => {
		const events = description.properties.find((property) => ['event', 'events', 'trigger on'].includes(property.displayName.toLowerCase()));
		expect(events).toMatchObject({ name: 'operation', type: 'multiOptions', displayOptions: { show: { source: ['academyOcean'] } } });
		expect((events!.options as Array<{ action?: string }>).map((option) => option.action)).toContain('On AcademyOcean course finished');
		expect(neverShown(events!)).toBe(true);
	});

	test('the first parameter named operation lists Canvas events with entries presetting Source Canvas, and is never shown', () => {
		const operation = description.properties.find((property) => property.name === 'operation');
		expect(operation).toMatchObject({ displayName: 'Live Events', type: 'multiOptions', displayOptions: { show: { source: ['canvas'] } } });
		expect((operation!.options as Array<{ action?: string }>).map((option) => option.action)).toContain('On Canvas course completed');
		expect(neverShown(operation!)).toBe(true);
	});

	test('the Events field a builder sees is shown for both sources, with no static options the editor could unset it by', () => {
		const shown = description.properties.filter((property) => property.name === 'operation' && !neverShown(property));
		expect(shown).toHaveLength(1);
		expect(shown[0]).toMatchObject({ typeOptions: { loadOptionsMethod: 'sourceEvents', loadOptionsDependsOn: ['source'] } });
		expect(shown[0].options).toBeUndefined();
		expect(shown[0].displayOptions?.show?.source).toBeUndefined();
	});

	test('new triggers are version 2', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});
});

describe('a retry of a delivery still running in this process, answered When Last Node Finishes', () => {
	test('is answered 503 with Retry-After and starts no execution; answered Immediately it is a 200 duplicate', async () => {
		const event = { ...ACADEMY_OCEAN_EVENT_EXAMPLES['course.started'], id: 'delivery-running-1' };
		const body = JSON.stringify(event);
		const headers = { 'content-type': 'application/json', signature: createHmac('sha256', SECRET).update(body).digest('hex') };
		for (const respond of ['lastNode', 'onReceived']) {
			await startTrigger(2, { source: 'academyOcean', respond });
			// What keepFirstDeliveries records while the first execution of this delivery runs in this process.
			processDeliveries.set(`${trigger!.workflowIdUnderTest}:${trigger!.nodeUnderTest.id}:${deliveryKey('academyOcean:id:delivery-running-1')}`, 'running', Date.now());
			const response = await fetch(trigger!.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(30_000) });
			const answer = { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
			await trigger!.idle();
			expect(answer).toEqual(
				respond === 'lastNode'
					? { status: 503, retryAfter: '30', body: { error: 'This delivery is still being processed: send it again later' } }
					: { status: 200, retryAfter: null, body: { received: true, duplicate: true } },
			);
			expect(trigger!.executions).toHaveLength(0);
			expect(trigger!.deliveries.filter((delivery) => delivery.answeredTwice)).toEqual([]);
			// Another delivery, not running anywhere, starts the workflow and is answered 200.
			const other = JSON.stringify({ ...event, id: 'delivery-new-1' });
			const fresh = await fetch(trigger!.url, { method: 'POST', body: other, headers: { ...headers, signature: createHmac('sha256', SECRET).update(other).digest('hex') } });
			await fresh.text();
			await trigger!.idle();
			expect({ status: fresh.status, executions: trigger!.executions.length }).toEqual({ status: 200, executions: 1 });
			await trigger!.stop();
			forgetAcceptedDeliveriesInProcess();
		}
		trigger = undefined;
	});
});

describe("what n8n's loader and editor read from the description", () => {
	// A node built inside each test: what a module builds on load is covered by no test of its own.
	const built = () => new LearningPlatformTrigger();
	const packageJson = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { name: string; n8n: { nodes: string[] } };
	const codex = JSON.parse(readFileSync(join(__dirname, '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node.json'), 'utf8')) as { node: string };

	test("its name is the one the package lists and the codex describes; the panel shows it under one name", () => {
		const { description } = built();
		expect(codex.node).toBe(`${packageJson.name}.${description.name}`);
		expect(description.name).toBe('learningPlatformTrigger');
		expect(packageJson.n8n.nodes).toContain('dist/nodes/LearningPlatformTrigger/LearningPlatformTrigger.node.js');
		expect(description.displayName).toBe('Learning Platform Trigger');
		expect(description.defaults).toEqual({ name: description.displayName });
		expect(description.description).toBe('Starts the workflow on verified AcademyOcean webhooks and Canvas LMS Live Events');
		expect(description.subtitle).toBe('={{$parameter["source"] === "canvas" ? "Canvas Live Events" : "AcademyOcean"}}');
	});

	test('its light and dark icons are two files of the package', () => {
		const { description } = built();
		const icon = description.icon as { light: string; dark: string };
		const files = [icon.light, icon.dark].map((path) => join(__dirname, '../../nodes/LearningPlatformTrigger', path.replace(/^file:/, '')));
		expect(files.map((file) => file.split('/').pop())).toEqual(['learningPlatformTrigger.svg', 'learningPlatformTrigger.dark.svg']);
		for (const file of files) expect(readFileSync(file, 'utf8')).toMatch(/^<svg/);
	});

	test('it is a trigger: no input, one main output, one POST webhook at the path "webhook"', () => {
		const { description } = built();
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'webhook' })]);
	});

	test('its AcademyOcean credential is required for that source only and tested by a method the node has', () => {
		const { description, methods } = built();
		expect(description.credentials).toEqual([
			{ name: new AcademyOceanWebhookApi().name, required: true, testedBy: 'academyOceanWebhookSecret', displayOptions: { show: { source: ['academyOcean'] } } },
		]);
		expect(typeof methods.credentialTest.academyOceanWebhookSecret).toBe('function');
		expect(methods.loadOptions.sourceEvents).toBe(sourceEvents);
	});

	test('n8n always runs its activation checks (nothing is registered, so nothing exists yet) and has nothing to delete', async () => {
		const { webhookMethods } = built();
		const hooks = {} as IHookFunctions;
		await expect(webhookMethods.default.checkExists.call(hooks)).resolves.toBe(false);
		await expect(webhookMethods.default.delete.call(hooks)).resolves.toBe(true);
	});
});
