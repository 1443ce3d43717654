// The `__schema__` files the package ships, checked against what the nodes really output: every
// AcademyOcean operation (both node versions), both Thought Industries operations and the trigger run
// through n8n's engine against the fake platforms, and the schema of their output items must equal
// the shipped file. `UPDATE_SCHEMAS=1 npx jest test/schemas` writes the files from the same runs.
//
// Where n8n 2.41.1 looks for them (packages/core nodes-loader/output-schema-resolver.js): beside the
// node's built .js file, `__schema__/v<major.minor.patch>/<resource>/<operation>.json`; a node without
// resource and operation (the trigger) as `__schema__/v<version>.json`. The editor fetches
// `/schemas/<node type>/<version>/<resource>/<operation>.json` for a node's output preview before it
// has run; the backend reads the same files for n8n's AI workflow builder.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { SignJWT, exportJWK } from 'jose';
import type { INodeParameters } from 'n8n-workflow';

import { AcademyOceanOAuth2Api } from '../../credentials/AcademyOceanOAuth2Api.credentials';
import { AcademyOceanWebhookApi } from '../../credentials/AcademyOceanWebhookApi.credentials';
import { ThoughtIndustriesApi } from '../../credentials/ThoughtIndustriesApi.credentials';
import { AcademyOcean } from '../../nodes/AcademyOcean/AcademyOcean.node';
import { canvasJwksCache } from '../../nodes/LearningPlatformTrigger/canvas';
import { forgetAcceptedDeliveriesInProcess } from '../../nodes/LearningPlatformTrigger/deduplication';
import { LearningPlatformTrigger } from '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node';
import { ThoughtIndustries } from '../../nodes/ThoughtIndustries/ThoughtIndustries.node';
import { FakeCanvasJwks } from '../fakes/canvasJwks.ts';
import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../fixtures/academyOceanEvents.ts';
import { CANVAS_EVENT_BODIES, canvasEvent } from '../fixtures/canvasEvents.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET, startFakeAcademyOcean } from '../harness/academyOceanFixture.ts';
import { Engine } from '../harness/engine.ts';
import {
	COURSE_ID,
	LEARNER_EMAIL,
	LEARNER_ID,
	LEARNING_PATH_ID,
	TI_API_KEY,
	startFakeThoughtIndustries,
} from '../harness/thoughtIndustriesFixture.ts';
import { WebhookServer } from '../harness/webhook.ts';
import { ACADEMY_OCEAN_CASES } from './cases.ts';
import type { JsonSchema } from './inferSchema.ts';
import { outputSchema } from './inferSchema.ts';

const UPDATE = process.env.UPDATE_SCHEMAS === '1';
const nodesDir = join(__dirname, '..', '..', 'nodes');

const engine = new Engine({
	nodeTypes: { academyOcean: new AcademyOcean(), thoughtIndustries: new ThoughtIndustries(), learningPlatformTrigger: new LearningPlatformTrigger() },
	credentialTypes: [new AcademyOceanOAuth2Api(), new ThoughtIndustriesApi(), new AcademyOceanWebhookApi()],
});

const schemaFile = (node: string, version: number, ...parts: string[]) =>
	parts.length ? join(nodesDir, node, '__schema__', `v${version}.0.0`, ...parts.slice(0, -1), `${parts.at(-1)}.json`) : join(nodesDir, node, '__schema__', `v${version}.0.0.json`);

const checked = new Set<string>();

/** The shipped file must be this schema (or, when updating, becomes it). */
function expectShipped(file: string, schema: JsonSchema) {
	checked.add(file);
	if (UPDATE) {
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, `${JSON.stringify(schema, null, '\t')}\n`);
		return;
	}
	expect(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : `missing ${relative(nodesDir, file)}`).toEqual(schema);
}

describe('AcademyOcean', () => {
	test.each(ACADEMY_OCEAN_CASES.flatMap((entry) => [1, 2].map((version) => [entry.resource, entry.operation, version] as const)))(
		'%s > %s, version %i',
		async (resource, operation, version) => {
			const entry = ACADEMY_OCEAN_CASES.find((candidate) => candidate.resource === resource && candidate.operation === operation)!;
			const fake = await startFakeAcademyOcean();
			try {
				const credential = engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, baseUrl: fake.url });
				const parameters = (version === 1 ? entry.version1 : (entry.version2 ?? entry.version1)) ?? {};
				const result = await engine.run({
					type: 'academyOcean',
					typeVersion: version,
					parameters: { resource, operation, ...parameters },
					credentials: { academyOceanOAuth2Api: credential },
				});
				expect(result.error).toBeUndefined();
				expectShipped(schemaFile('AcademyOcean', version, resource, operation), outputSchema(result.items.map((item) => item.json)));
			} finally {
				await fake.stop();
			}
		},
	);
});

describe('Thought Industries', () => {
	const cases: Record<string, INodeParameters> = {
		course: {
			courseIdentifier: 'id',
			courseId: COURSE_ID,
			learnerIdentifier: 'email',
			userEmail: LEARNER_EMAIL,
			additionalFields: {
				completionDate: '2026-01-15T00:00:00.000Z',
				awards: { award: [{ awardTypeId: 'award-1', amount: 2 }] },
				certificateUrl: 'https://example.com/certificates/1.pdf',
				transcriptFields: { field: [{ label: 'Score', value: '95' }] },
			},
		},
		learningPath: { userId: LEARNER_ID, learningPathId: LEARNING_PATH_ID, status: 'completed', completionDate: '2026-01-15T00:00:00.000Z' },
	};
	test.each(Object.keys(cases))('%s > recordExternalActivity', async (resource) => {
		const fake = await startFakeThoughtIndustries();
		try {
			const credential = engine.credentials.add('thoughtIndustriesApi', { instanceUrl: fake.url, apiKey: TI_API_KEY });
			const result = await engine.run({
				type: 'thoughtIndustries',
				parameters: { resource, operation: 'recordExternalActivity', ...cases[resource] },
				credentials: { thoughtIndustriesApi: credential },
			});
			expect(result.error).toBeUndefined();
			expectShipped(schemaFile('ThoughtIndustries', 1, resource, 'recordExternalActivity'), outputSchema(result.items.map((item) => item.json)));
		} finally {
			await fake.stop();
		}
	});
});

describe('Learning Platform Trigger', () => {
	const secret = 'schema-secret';
	const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

	/** Simplified items of every reference event of both sources: one schema for the node (it has no resource/operation). */
	test.each([1, 2])('every event of both sources, simplified, version %i', async (version) => {
		canvasJwksCache.clear();
		const jwks = await new FakeCanvasJwks([{ ...(await exportJWK(keys.publicKey)), kid: 'k', alg: 'RS256', use: 'sig' }]).start();
		const credential = engine.credentials.add('academyOceanWebhookApi', { secret });
		const items: unknown[] = [];
		const start = (parameters: INodeParameters) =>
			new WebhookServer(engine, { type: 'learningPlatformTrigger', typeVersion: version, parameters, credentials: { academyOceanWebhookApi: credential } }).start();
		const academyOcean = await start({ source: 'academyOcean' });
		const canvas = await start({ source: 'canvas', allowedCanvasHosts: '*', options: { jwksUrl: jwks.url } });
		try {
			for (const event of Object.values(ACADEMY_OCEAN_EVENT_EXAMPLES)) {
				const body = JSON.stringify(event);
				const signature = createHmac('sha256', secret).update(body).digest('hex');
				await fetch(academyOcean.url, { method: 'POST', body, headers: { 'content-type': 'application/json', signature } });
			}
			for (const name of Object.keys(CANVAS_EVENT_BODIES)) {
				const token = await new SignJWT(canvasEvent(name)).setProtectedHeader({ alg: 'RS256', kid: 'k' }).setIssuedAt().setExpirationTime('5m').sign(keys.privateKey);
				await fetch(canvas.url, { method: 'POST', body: token, headers: { 'content-type': 'application/jwt' } });
			}
			// Version 1 answers "Immediately", before its executions end.
			await Promise.all([academyOcean.idle(), canvas.idle()]);
			for (const server of [academyOcean, canvas]) for (const execution of server.executions) items.push(...execution[0].map((item) => item.json));
			expect(items).toHaveLength(Object.keys(ACADEMY_OCEAN_EVENT_EXAMPLES).length + Object.keys(CANVAS_EVENT_BODIES).length);
			expectShipped(schemaFile('LearningPlatformTrigger', version), outputSchema(items));
		} finally {
			await academyOcean.stop();
			await canvas.stop();
			await jwks.stop();
			forgetAcceptedDeliveriesInProcess();
		}
	});
});

afterAll(() => {
	if (UPDATE) return;
	// No stale file: every shipped schema belongs to an operation checked above.
	const shipped: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (path.includes(`${'__schema__'}`) && path.endsWith('.json')) shipped.push(path);
		}
	};
	walk(nodesDir);
	expect(shipped.filter((file) => !checked.has(file)).map((file) => relative(nodesDir, file))).toEqual([]);
});
