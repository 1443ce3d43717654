import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestHelper, INode } from 'n8n-workflow';

import { CredentialStore } from './credentials.ts';
import { CredentialTypeRegistry, NodeTypeRegistry } from './nodeTypes.ts';

// The harness's preAuthentication against what packages/cli/src/credentials-helper.ts does (n8n 2.41.1).

/** A credential whose preAuthentication returns a token and an `audience` without any request. */
class TokenForTests implements ICredentialType {
	name = 'tokenForTests';
	displayName = 'Token for tests';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Audience', name: 'audience', type: 'string', default: '' },
		{ displayName: 'Token', name: 'token', type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' },
	];
	async preAuthentication(this: IHttpRequestHelper) {
		return { token: 'fresh-token', audience: 'from-pre-authentication' };
	}
}

const helpers = { helpers: { httpRequest: async () => ({}) } } as unknown as IHttpRequestHelper;
const node = (credentials?: INode['credentials'], extra: Partial<INode> = {}): INode =>
	({ id: 'n', name: 'N', type: 'someNode', typeVersion: 1, position: [0, 0], parameters: {}, credentials, ...extra }) as INode;

function store() {
	const types = new CredentialTypeRegistry([new TokenForTests()]);
	return new CredentialStore(types, new NodeTypeRegistry({}));
}

test('runs only when the expirable field is empty, expired, or in a credential test; persists and assigns the output', async () => {
	const credentials = store();
	const reference = credentials.add('tokenForTests', { audience: 'stored', token: 'old' });
	const data: ICredentialDataDecryptedObject = { audience: 'stored', token: 'old' };
	expect(await credentials.preAuthentication(helpers, data, 'tokenForTests', node({ tokenForTests: reference }), false)).toBeUndefined();
	expect(data.token).toBe('old');

	expect(await credentials.preAuthentication(helpers, data, 'tokenForTests', node({ tokenForTests: reference }), true)).toBe(data);
	expect(data).toEqual({ audience: 'from-pre-authentication', token: 'fresh-token' });
	expect(credentials.read(reference.id!)).toEqual({ audience: 'from-pre-authentication', token: 'fresh-token' });

	// n8n's tester runs a NoOp whose `temp` parameter is empty: preAuthentication runs whatever is stored.
	const testing = node({ tokenForTests: reference }, { type: 'n8n-nodes-base.noOp', parameters: { temp: '' } });
	expect(await credentials.preAuthentication(helpers, { audience: 'x', token: 'valid' }, 'tokenForTests', testing, false)).toBeDefined();
});

test('a stored field that is an expression keeps its expression; only the expirable field is always written', async () => {
	const credentials = store();
	const reference = credentials.add('tokenForTests', { audience: '={{ "computed" }}', token: '' });
	await credentials.preAuthentication(helpers, { audience: 'computed', token: '' }, 'tokenForTests', node({ tokenForTests: reference }), false);
	expect(credentials.read(reference.id!)).toEqual({ audience: '={{ "computed" }}', token: 'fresh-token' });
});

test('without node credentials nothing is persisted and nothing is assigned', async () => {
	const credentials = store();
	const data: ICredentialDataDecryptedObject = { audience: 'stored', token: '' };
	expect(await credentials.preAuthentication(helpers, data, 'tokenForTests', node(undefined), false)).toBeUndefined();
	expect(data).toEqual({ audience: 'stored', token: '' });
	expect(credentials.updates).toEqual([]);
});

test('types that authenticate get n8n\'s domain-restriction fields, with their defaults', () => {
	class Authenticating extends TokenForTests {
		name = 'authenticating';
		authenticate = { type: 'generic' as const, properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } };
	}
	const types = new CredentialTypeRegistry([new TokenForTests(), new Authenticating()]);
	expect(types.get('authenticating').properties.map((property) => [property.name, property.default])).toEqual([
		['audience', ''],
		['token', ''],
		['allowedHttpRequestDomains', 'all'],
		['allowedDomains', ''],
	]);
	expect(types.get('tokenForTests').properties.map((property) => property.name)).toEqual(['audience', 'token']);
});
