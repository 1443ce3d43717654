import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import type { ClientCredentials } from '../../nodes/shared/clientCredentialsToken';
import { cachedClientCredentialsToken, clientCredentialsToken, forgetClientCredentialsTokens } from '../../nodes/shared/clientCredentialsToken';

// The process-wide token cache of the AcademyOcean credential: a token is not handed out in the last
// 60 seconds before its expires_in, and is fetched once for every caller that needs it at the same time.

const client: ClientCredentials = { tokenUrl: 'https://academy.example/oauth/token', clientId: 'id', clientSecret: 'secret' };
const START = 1_800_000_000_000;
let now = START;
let requests: IHttpRequestOptions[] = [];

/** A token endpoint that answers token-1, token-2, … with expires_in 120 s. */
const helpers = {
	helpers: {
		httpRequest: async (options: IHttpRequestOptions) => {
			requests.push(options);
			return { token_type: 'Bearer', expires_in: 120, access_token: `token-${requests.length}` };
		},
	},
} as unknown as IHttpRequestHelper;

beforeEach(() => {
	forgetClientCredentialsTokens();
	now = START;
	requests = [];
	jest.spyOn(Date, 'now').mockImplementation(() => now);
});

afterEach(() => jest.restoreAllMocks());

test('the token request carries the reference fields, form-encoded', async () => {
	await clientCredentialsToken(helpers, client, '');
	expect(requests).toEqual([
		{
			method: 'POST',
			url: client.tokenUrl,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: 'grant_type=client_credentials&client_id=id&client_secret=secret&scope=',
			json: false,
		},
	]);
});

test('a token is refreshed 60 s before its expires_in: served up to 60,001 ms before, fetched again at 60,000 ms', async () => {
	expect(await clientCredentialsToken(helpers, client, '')).toEqual({ accessToken: 'token-1', fetched: true });

	now = START + 59_999;
	expect(cachedClientCredentialsToken(client)).toBe('token-1');
	expect(await clientCredentialsToken(helpers, client, '')).toEqual({ accessToken: 'token-1', fetched: false });

	now = START + 60_000;
	expect(cachedClientCredentialsToken(client)).toBeUndefined();
	expect(await clientCredentialsToken(helpers, client, '')).toEqual({ accessToken: 'token-2', fetched: true });
	expect(requests).toHaveLength(2);
});

test('a token the server refused (the caller sent it) is never handed out again, even within its lifetime', async () => {
	await clientCredentialsToken(helpers, client, '');
	expect(await clientCredentialsToken(helpers, client, 'token-1')).toEqual({ accessToken: 'token-2', fetched: true });
	// Another caller that sent the same refused token gets the new one without a request.
	expect(await clientCredentialsToken(helpers, client, 'token-1')).toEqual({ accessToken: 'token-2', fetched: false });
	expect(requests).toHaveLength(2);
});

test('callers at the same moment share one request', async () => {
	const grants = await Promise.all(Array.from({ length: 50 }, async () => await clientCredentialsToken(helpers, client, '')));
	expect(requests).toHaveLength(1);
	expect(grants.filter((grant) => grant.fetched)).toHaveLength(1);
	expect(new Set(grants.map((grant) => grant.accessToken))).toEqual(new Set(['token-1']));
});

test('a failed request is not kept: the next caller asks again', async () => {
	const failing = { helpers: { httpRequest: async () => ({ error: 'invalid_client' }) } } as unknown as IHttpRequestHelper;
	await expect(clientCredentialsToken(failing, client, '')).rejects.toThrow('The token endpoint answered without an access_token');
	expect(await clientCredentialsToken(helpers, client, '')).toEqual({ accessToken: 'token-1', fetched: true });
});

test('an expires_in that is missing or not a positive number leaves nothing to reuse', async () => {
	const odd = { helpers: { httpRequest: async () => ({ access_token: 'odd', expires_in: 'never' }) } } as unknown as IHttpRequestHelper;
	expect(await clientCredentialsToken(odd, client, '')).toEqual({ accessToken: 'odd', fetched: true });
	expect(cachedClientCredentialsToken(client)).toBeUndefined();
});

test('each client (URL, id, secret) has its own token', async () => {
	await clientCredentialsToken(helpers, client, '');
	await clientCredentialsToken(helpers, { ...client, clientSecret: 'rotated' }, '');
	expect(requests).toHaveLength(2);
	expect(cachedClientCredentialsToken(client)).toBe('token-1');
	expect(cachedClientCredentialsToken({ ...client, clientSecret: 'rotated' })).toBe('token-2');
});
