import { AcademyOceanOAuth2Api } from '../../credentials/AcademyOceanOAuth2Api.credentials';
import { AcademyOceanWebhookApi } from '../../credentials/AcademyOceanWebhookApi.credentials';
import { ThoughtIndustriesApi } from '../../credentials/ThoughtIndustriesApi.credentials';
import { AcademyOcean } from '../../nodes/AcademyOcean/AcademyOcean.node';
import { LearningPlatformTrigger } from '../../nodes/LearningPlatformTrigger/LearningPlatformTrigger.node';
import { forgetClientCredentialsTokens } from '../../nodes/shared/clientCredentialsToken';
import { ThoughtIndustries } from '../../nodes/ThoughtIndustries/ThoughtIndustries.node';
import type { FakeAcademyOcean } from '../fakes/academyOcean.ts';
import { API_PATH, TOKEN_PATH } from '../fakes/academyOcean.ts';
import type { FakeThoughtIndustries } from '../fakes/thoughtIndustries.ts';
import { COURSE_ACTIVITY_PATH } from '../fakes/thoughtIndustries.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET, startFakeAcademyOcean } from '../harness/academyOceanFixture.ts';
import { testCredential } from '../harness/credentialTest.ts';
import { Engine } from '../harness/engine.ts';
import { TI_API_KEY, startFakeThoughtIndustries } from '../harness/thoughtIndustriesFixture.ts';

// Each credential's "Test" button, run as n8n's credentials tester runs it (test/harness/credentialTest.ts).

const engine = new Engine({
	nodeTypes: { academyOcean: new AcademyOcean(), thoughtIndustries: new ThoughtIndustries(), learningPlatformTrigger: new LearningPlatformTrigger() },
	credentialTypes: [new AcademyOceanOAuth2Api(), new ThoughtIndustriesApi(), new AcademyOceanWebhookApi()],
});

let academyOcean: FakeAcademyOcean;
let thoughtIndustries: FakeThoughtIndustries;

beforeEach(async () => {
	forgetClientCredentialsTokens();
	academyOcean = await startFakeAcademyOcean();
	thoughtIndustries = await startFakeThoughtIndustries();
});

afterEach(async () => {
	await academyOcean.stop();
	await thoughtIndustries.stop();
});

describe('Thought Industries API: a request the API must refuse, on a documented endpoint', () => {
	const test_ = async (data: Record<string, string>) =>
		await testCredential(engine, 'thoughtIndustriesApi', engine.credentials.add('thoughtIndustriesApi', data).id!);

	test('a good key: the API answers its validation error, the test passes, nothing is recorded', async () => {
		expect(await test_({ instanceUrl: `${thoughtIndustries.url}/`, apiKey: TI_API_KEY })).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = thoughtIndustries.server.requests;
		expect([request.method, request.path, request.headers.authorization]).toEqual(['POST', COURSE_ACTIVITY_PATH, `Bearer ${TI_API_KEY}`]);
		expect(thoughtIndustries.server.requests).toHaveLength(1);
		expect(thoughtIndustries.activities).toEqual([]);
	});

	test('a wrong key: 401, the test says the key was refused', async () => {
		expect(await test_({ instanceUrl: thoughtIndustries.url, apiKey: 'wrong-key' })).toEqual({
			status: 'Error',
			message: 'Thought Industries refused the API key (401): check the API key',
		});
	});

	test('a 401 with a body other than the errors array, or a host that is not the API, fails the test', async () => {
		const expected = {
			status: 'Error',
			message:
				'Thought Industries did not answer like its external-activity API: check the API key, the Instance URL, and that the externalActivity feature is enabled for your company',
		};
		thoughtIndustries.server.inject({ kind: 'status', status: 401, body: 'Unauthorized' });
		expect(await test_({ instanceUrl: thoughtIndustries.url, apiKey: TI_API_KEY })).toEqual(expected);
		// The AcademyOcean fake has no such path: it answers 404 with a message, not an errors array.
		expect(await test_({ instanceUrl: academyOcean.url, apiKey: TI_API_KEY })).toEqual(expected);
		thoughtIndustries.server.inject({ kind: 'status', status: 200 });
		expect(await test_({ instanceUrl: thoughtIndustries.url, apiKey: TI_API_KEY })).toEqual(expected);
	});
});

describe('AcademyOcean OAuth2 API: a token, then the academies action', () => {
	test('good client credentials pass; the token request carries exactly the reference fields', async () => {
		const id = engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, baseUrl: academyOcean.url }).id!;
		expect(await testCredential(engine, 'academyOceanOAuth2Api', id)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(Object.fromEntries(new URLSearchParams(academyOcean.server.requestsTo(TOKEN_PATH)[0].body))).toEqual({
			grant_type: 'client_credentials',
			client_id: AO_CLIENT_ID,
			client_secret: AO_CLIENT_SECRET,
			scope: '',
		});
		expect(academyOcean.calls.map((call) => call.action)).toEqual(['academies']);
		// The token fetched by the test is stored on the credential, as n8n's preAuthentication stores it.
		expect(engine.credentials.read(id).accessToken).toMatch(/^eyJ/);
	});

	test('a wrong secret fails the test without reaching the API and without showing the secret', async () => {
		const wrong = `wrong-${AO_CLIENT_SECRET}`;
		const id = engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: wrong, baseUrl: academyOcean.url }).id!;
		const result = await testCredential(engine, 'academyOceanOAuth2Api', id);
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(wrong);
		expect(academyOcean.server.requestsTo(API_PATH)).toHaveLength(0);
	});
});

describe('AcademyOcean Webhook API: tested by the trigger (AcademyOcean has no API to check a webhook secret)', () => {
	test.each([
		['a full secret key', 'whsec-0123456789abcdef', { status: 'OK', message: 'AcademyOcean has no API to check the key: send a test webhook to confirm it' }],
		['a truncated one', 'abc ', { status: 'Error', message: 'The secret key looks incomplete: copy it again from the webhook settings in AcademyOcean' }],
		['one of 8 characters, the shortest taken as complete', '12345678', { status: 'OK', message: 'AcademyOcean has no API to check the key: send a test webhook to confirm it' }],
		['one of 7 characters between spaces', '  1234567 \n', { status: 'Error', message: 'The secret key looks incomplete: copy it again from the webhook settings in AcademyOcean' }],
	])('%s', async (_name, secret, expected) => {
		const id = engine.credentials.add('academyOceanWebhookApi', { secret }).id!;
		expect(await testCredential(engine, 'academyOceanWebhookApi', id)).toEqual(expected);
	});
});

describe("n8n's domain restriction reaches the token request (credentials-helper restrictToCredentialDomains)", () => {
	const listAcademies = async (allowedDomains: string) => {
		const credential = engine.credentials.add('academyOceanOAuth2Api', {
			clientId: AO_CLIENT_ID,
			clientSecret: AO_CLIENT_SECRET,
			baseUrl: academyOcean.url,
			allowedHttpRequestDomains: 'domains',
			allowedDomains,
		});
		return await engine.run({
			type: 'academyOcean',
			parameters: { resource: 'academy', operation: 'getAll' },
			credentials: { academyOceanOAuth2Api: credential },
		});
	};

	test('a credential restricted to other domains cannot fetch its token: nothing is sent', async () => {
		const result = await listAcademies('academyocean.com');
		expect(result.status).toBe('error');
		expect(result.error?.message).toContain('Domain not allowed');
		expect(academyOcean.server.requests).toHaveLength(0);
	});

	test('a credential restricted to its own host works', async () => {
		const result = await listAcademies('127.0.0.1');
		expect(result.error).toBeUndefined();
		expect(academyOcean.tokenRequests).toBe(1);
		expect(result.items).toHaveLength(1);
	});
});
