import { randomBytes, randomUUID } from 'node:crypto';

import type { FakeResponse, RecordedRequest } from '../fakeServer.ts';
import type { PhpArray } from '../phpFormParser.ts';
import type { AcademyOceanLeniencies } from './leniencies.ts';

export interface ClientCredentials {
	clientId: string;
	clientSecret: string;
}

/** league/oauth2-server's error answers, which Laravel Passport sends. */
function oauthError(status: number, error: string, description: string, hint?: string): FakeResponse {
	return { status, body: { error, error_description: description, ...(hint ? { hint } : {}), message: description } };
}

/** Passport reads Basic credentials as base64 `id:secret` split at the first colon, not url-decoded. */
function basicCredentials(request: RecordedRequest): { id?: string; secret?: string } {
	const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
	if (!match) return {};
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon < 0 ? {} : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * AcademyOcean's OAuth2 token endpoint (Laravel Passport, client credentials grant): issues
 * JWT-shaped bearer tokens with a lifetime, remembers them until they expire or are revoked, and
 * counts every request it gets.
 */
export class TokenIssuer {
	/** Every request to the token endpoint, answered with a token or not. Writable, for resets. */
	requests = 0;
	/** `expires_in` of the next tokens, in seconds (the reference shows 604800, 7 days). */
	lifetimeSeconds: number;
	private readonly client: ClientCredentials;
	private readonly now: () => Date;
	private readonly tokens = new Map<string, number>();
	private readonly leniencies: AcademyOceanLeniencies;

	constructor(client: ClientCredentials, lifetimeSeconds: number, now: () => Date, leniencies: AcademyOceanLeniencies = {}) {
		this.client = client;
		this.lifetimeSeconds = lifetimeSeconds;
		this.now = now;
		this.leniencies = leniencies;
	}

	/**
	 * `grant_type=client_credentials`, `client_id`, `client_secret`, `scope` in the body, as the
	 * reference lists them, `scope` empty. With the basicClientAuth leniency id and secret may come in a
	 * Basic Authorization header instead (the body wins, as in Passport); with wildcardScope `*` is
	 * granted like the empty scope.
	 */
	issue(request: RecordedRequest, form: PhpArray): FakeResponse {
		this.requests += 1;
		const basic = this.leniencies.basicClientAuth ? basicCredentials(request) : {};
		const text = (key: string) => (typeof form[key] === 'string' ? form[key] : undefined);
		const clientId = text('client_id') ?? basic.id;
		const clientSecret = text('client_secret') ?? basic.secret;
		if (text('grant_type') === undefined) {
			return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.', 'Check that all required parameters have been provided');
		}
		if (text('grant_type') !== 'client_credentials') {
			return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
		}
		if (!clientId) {
			return oauthError(400, 'invalid_request', 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.', 'Check the `client_id` parameter');
		}
		if (clientId !== this.client.clientId || clientSecret !== this.client.clientSecret) {
			return oauthError(401, 'invalid_client', 'Client authentication failed');
		}
		const scope = text('scope');
		if (scope === undefined) {
			return oauthError(400, 'invalid_request', 'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.', 'Check the `scope` parameter');
		}
		if (scope.trim() !== '' && !(scope.trim() === '*' && this.leniencies.wildcardScope)) {
			return oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed', `Check the \`${scope}\` scope`);
		}
		const issuedAt = Math.floor(this.now().getTime() / 1000);
		const expiresAt = issuedAt + this.lifetimeSeconds;
		const jti = randomUUID().replace(/-/g, '');
		const accessToken = [
			base64url({ typ: 'JWT', alg: 'RS256', jti }),
			base64url({ aud: clientId, jti, iat: issuedAt, nbf: issuedAt, exp: expiresAt, sub: '', scopes: [] }),
			randomBytes(64).toString('base64url'),
		].join('.');
		// Kept to the millisecond: `expires_in` seconds from now, not from the start of the second.
		this.tokens.set(accessToken, this.now().getTime() + this.lifetimeSeconds * 1000);
		return { status: 200, body: { token_type: 'Bearer', expires_in: this.lifetimeSeconds, access_token: accessToken } };
	}

	/** Whether a bearer token was issued here and has not expired or been revoked. */
	accepts(token: string | undefined): boolean {
		const expiresAt = token === undefined ? undefined : this.tokens.get(token);
		return expiresAt !== undefined && expiresAt > this.now().getTime();
	}

	/** Tokens issued and still valid. */
	get valid(): string[] {
		return [...this.tokens.keys()].filter((token) => this.accepts(token));
	}

	revoke(token: string): void {
		this.tokens.delete(token);
	}

	revokeAll(): void {
		this.tokens.clear();
	}
}
