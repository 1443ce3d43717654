import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { AcademyOceanOAuth2Api } from '../../credentials/AcademyOceanOAuth2Api.credentials';
import { AcademyOcean } from '../../nodes/AcademyOcean/AcademyOcean.node';
import { forgetClientCredentialsTokens } from '../../nodes/shared/clientCredentialsToken';
import { encodePhpForm } from '../../nodes/shared/phpForm';
import type { FakeAcademyOcean } from '../fakes/academyOcean.ts';
import { API_PATH, TOKEN_PATH } from '../fakes/academyOcean.ts';
import { Engine } from '../harness/engine.ts';
import { withPreAuthenticationAlone } from '../harness/preAuthenticationAlone.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET, startFakeAcademyOcean } from '../harness/academyOceanFixture.ts';

/*
 * Why the shipped credential has its own single-flight: the two mechanisms n8n offers, run through
 * n8n-core's real request helpers, fetch one token per item on a cold credential. The counts are
 * pinned so that an n8n-core upgrade that changes this shows up here.
 */

/** n8n's OAuth2 credential type with the client credentials grant, id and secret in the form body. */
class ViaOAuth2Api implements ICredentialType {
	name = 'academyOceanOAuth2Api';
	displayName = 'AcademyOcean through oAuth2Api';
	extends = ['oAuth2Api'];
	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		// n8n's client drops an empty scope; this is how it still sends the reference's `scope=`.
		{ displayName: 'Body', name: 'additionalBodyProperties', type: 'hidden', default: '{"scope":""}' },
	];
}


interface TokenCounts {
	/** A 1,000-item execution on a credential that has no token yet. */
	cold: number;
	/** Ten more executions once the token is stored. */
	warm: number;
	/** A 250-item execution after the server revoked the token: every request gets a 401 first. */
	afterRevocation: number;
	/** Credential updates (database writes in n8n) during the cold execution and after the revocation. */
	writes: { cold: number; afterRevocation: number };
}

const mechanisms: Array<[string, () => ICredentialType, TokenCounts]> = [
	['oAuth2Api, client credentials', () => new ViaOAuth2Api(), { cold: 1000, warm: 0, afterRevocation: 1, writes: { cold: 1000, afterRevocation: 1 } }],
	['preAuthentication alone', () => withPreAuthenticationAlone(new AcademyOceanOAuth2Api(), encodePhpForm), { cold: 1000, warm: 0, afterRevocation: 250, writes: { cold: 1000, afterRevocation: 250 } }],
	['shipped: preAuthentication + single-flight', () => new AcademyOceanOAuth2Api(), { cold: 1, warm: 0, afterRevocation: 1, writes: { cold: 1, afterRevocation: 1 } }],
];

const measured: Record<string, TokenCounts> = {};

let fake: FakeAcademyOcean;

beforeEach(async () => {
	forgetClientCredentialsTokens();
	fake = await startFakeAcademyOcean();
});

afterEach(async () => {
	await fake.stop();
});

afterAll(() => {
	const rows = Object.entries(measured).map(
		([name, counts]) =>
			`  ${name.padEnd(44)} cold 1,000 items: ${counts.cold}, warm: ${counts.warm}, after revocation (250 items): ${counts.afterRevocation}; ` +
			`credential writes: cold ${counts.writes.cold}, after revocation ${counts.writes.afterRevocation}`,
	);
	process.stdout.write(`AcademyOcean token requests and credential writes per mechanism:\n${rows.join('\n')}\n`);
});

test.each(mechanisms)('token requests with %s', async (name, credentialType, expected) => {
	const engine = new Engine({ nodeTypes: { academyOcean: new AcademyOcean() }, credentialTypes: [credentialType()] });
	const credential = engine.credentials.add('academyOceanOAuth2Api', {
		clientId: AO_CLIENT_ID,
		clientSecret: AO_CLIENT_SECRET,
		baseUrl: fake.url,
		accessTokenUrl: `${fake.url}${TOKEN_PATH}`,
	});
	const listAcademies = async (itemCount: number) => {
		const result = await engine.run(
			{
				type: 'academyOcean',
				parameters: { resource: 'academy', operation: 'getAll' },
				credentials: { academyOceanOAuth2Api: credential },
			},
			Array.from({ length: itemCount }, () => ({})),
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(itemCount);
	};

	await listAcademies(1000);
	const cold = fake.tokenRequests;
	const coldWrites = engine.credentials.updates.length;
	expect(fake.server.requestsTo(API_PATH)).toHaveLength(1000);

	const afterCold = fake.tokenRequests;
	for (let execution = 0; execution < 10; execution++) await listAcademies(1);
	const warm = fake.tokenRequests - afterCold;

	fake.expireAllTokens();
	const afterWarm = fake.tokenRequests;
	const writesBefore = engine.credentials.updates.length;
	await listAcademies(250);
	const afterRevocation = fake.tokenRequests - afterWarm;

	measured[name] = { cold, warm, afterRevocation, writes: { cold: coldWrites, afterRevocation: engine.credentials.updates.length - writesBefore } };
	expect(measured[name]).toEqual(expected);
	// Every mechanism sends the fields the reference lists, and nothing else.
	const fields = new URLSearchParams(fake.server.requestsTo(TOKEN_PATH)[0].body);
	expect(Object.fromEntries(fields)).toEqual({
		grant_type: 'client_credentials',
		client_id: AO_CLIENT_ID,
		client_secret: AO_CLIENT_SECRET,
		scope: '',
	});
}, 300_000); // 1,000-item executions against an in-process fake: minutes on a loaded 2-core CI machine
