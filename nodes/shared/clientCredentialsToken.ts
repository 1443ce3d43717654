import { createHash } from 'node:crypto';
import type { IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { encodePhpForm } from './phpForm';

export interface ClientCredentials {
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
}

interface CachedToken {
	accessToken: string;
	expiresAt: number;
}

/** Tokens are refreshed this long before their stated expiry. */
const EXPIRY_MARGIN_MS = 60_000;

const latestTokens = new Map<string, CachedToken>();
const tokensInFlight = new Map<string, Promise<CachedToken>>();

function cacheKey(client: ClientCredentials): string {
	return createHash('sha256')
		.update(`${client.tokenUrl}\n${client.clientId}\n${client.clientSecret}`)
		.digest('hex');
}

async function requestToken(helpers: IHttpRequestHelper, client: ClientCredentials): Promise<CachedToken> {
	const response = (await helpers.helpers.httpRequest({
		method: 'POST',
		url: client.tokenUrl,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: encodePhpForm({
			grant_type: 'client_credentials',
			client_id: client.clientId,
			client_secret: client.clientSecret,
			scope: '',
		}),
		json: false,
	})) as IDataObject | string;
	const data = (typeof response === 'string' ? JSON.parse(response) : response) as IDataObject;
	const accessToken = typeof data.access_token === 'string' ? data.access_token : '';
	if (!accessToken) throw new Error('The token endpoint answered without an access_token');
	const lifetimeSeconds = Number(data.expires_in);
	const lifetimeMs = Number.isFinite(lifetimeSeconds) && lifetimeSeconds > 0 ? lifetimeSeconds * 1000 : 0;
	return { accessToken, expiresAt: Date.now() + Math.max(lifetimeMs - EXPIRY_MARGIN_MS, 0) };
}

export interface TokenGrant {
	accessToken: string;
	/** Whether this call's own request fetched the token (false: it came from the cache or another call's request). */
	fetched: boolean;
}

/**
 * An OAuth2 client-credentials access token, fetched at most once at a time per client in this
 * process. n8n calls a credential's preAuthentication for every request whose stored token is
 * empty (a cold credential: every item of the first execution at once) or was just refused with
 * a 401, so without this all of them would fetch their own token.
 *
 * `staleToken` is the token the caller sent: if a newer one was fetched meanwhile (another item
 * already refreshed after the same 401), that one is returned instead of fetching again.
 */
export async function clientCredentialsToken(
	helpers: IHttpRequestHelper,
	client: ClientCredentials,
	staleToken: string,
): Promise<TokenGrant> {
	const key = cacheKey(client);
	const latest = latestTokens.get(key);
	if (latest && latest.accessToken !== staleToken && latest.expiresAt > Date.now()) {
		return { accessToken: latest.accessToken, fetched: false };
	}
	const inFlight = tokensInFlight.get(key);
	if (inFlight) return { accessToken: (await inFlight).accessToken, fetched: false };

	const request = requestToken(helpers, client).then(
		(token) => {
			latestTokens.set(key, token);
			tokensInFlight.delete(key);
			return token;
		},
		(error: unknown) => {
			tokensInFlight.delete(key);
			throw error;
		},
	);
	tokensInFlight.set(key, request);
	return { accessToken: (await request).accessToken, fetched: true };
}

/** The newest token this process fetched for the client, while it is within its lifetime. */
export function cachedClientCredentialsToken(client: ClientCredentials): string | undefined {
	const latest = latestTokens.get(cacheKey(client));
	return latest && latest.expiresAt > Date.now() ? latest.accessToken : undefined;
}

/** Forgets every cached token (tests use it to start from a cold process). */
export function forgetClientCredentialsTokens(): void {
	latestTokens.clear();
	tokensInFlight.clear();
}
