import { randomBytes } from 'node:crypto';

import { FakeServer, bearerToken } from '../fakeServer.ts';
import type { FakeResponse, RecordedRequest } from '../fakeServer.ts';
import type { PhpArray } from '../phpFormParser.ts';
import { parsePhpForm } from '../phpFormParser.ts';
import { ApiFailure } from './failure.ts';
import { readActions } from './reads.ts';
import type { AcademyState } from './state.ts';
import { acceptInvite, writeActions } from './writes.ts';

export const TOKEN_PATH = '/oauth/token';
export const API_PATH = '/api/v1/';

const ACTIONS = { ...readActions, ...writeActions };

export interface ParsedCall {
	action: string;
	options: PhpArray;
	raw: string;
}

export interface FakeAcademyOceanOptions {
	clientId: string;
	clientSecret: string;
	/** Lifetime announced in `expires_in` and enforced, in seconds (the reference shows 604800). */
	tokenLifetimeSeconds?: number;
}

/**
 * AcademyOcean as its API reference documents it: OAuth2 client credentials at /oauth/token,
 * every action as `POST /api/v1/` with PHP-style form fields, errors as `{"error":{"message"}}`.
 */
export class FakeAcademyOcean {
	readonly server = new FakeServer();
	readonly calls: ParsedCall[] = [];
	tokenRequests = 0;
	private readonly tokens = new Map<string, number>();
	state: AcademyState;
	readonly client: FakeAcademyOceanOptions;

	constructor(state: AcademyState, client: FakeAcademyOceanOptions) {
		this.state = state;
		this.client = client;
		this.server.route('POST', TOKEN_PATH, (request) => this.issueToken(request));
		for (const path of [API_PATH, '/api/v1']) this.server.route('POST', path, (request) => this.handleCall(request));
	}

	async start(port = 0): Promise<this> {
		await this.server.start(port);
		return this;
	}

	stop(): Promise<void> {
		return this.server.stop();
	}

	get url(): string {
		return this.server.url;
	}

	/** Every issued token stops working, as when tokens expire. */
	expireAllTokens(): void {
		this.tokens.clear();
	}

	acceptInvite(email: string): void {
		acceptInvite(this.state, email);
	}

	callsOf(action: string): ParsedCall[] {
		return this.calls.filter((call) => call.action === action);
	}

	private issueToken(request: RecordedRequest): FakeResponse {
		this.tokenRequests += 1;
		const form = parsePhpForm(request.body);
		let { client_id: clientId, client_secret: clientSecret } = form;
		const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
		if (basic) [clientId, clientSecret] = Buffer.from(basic[1], 'base64').toString().split(':');
		if (form.grant_type !== 'client_credentials') {
			return { status: 400, body: { error: 'unsupported_grant_type', message: 'The authorization grant type is not supported.' } };
		}
		if (clientId !== this.client.clientId || clientSecret !== this.client.clientSecret) {
			return { status: 401, body: { error: 'invalid_client', message: 'Client authentication failed' } };
		}
		const lifetime = this.client.tokenLifetimeSeconds ?? 604800;
		const accessToken = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}`;
		this.tokens.set(accessToken, Date.now() + lifetime * 1000);
		return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, access_token: accessToken } };
	}

	private authorized(request: RecordedRequest): boolean {
		const token = bearerToken(request);
		const expiresAt = token ? this.tokens.get(token) : undefined;
		return expiresAt !== undefined && expiresAt > Date.now();
	}

	private parse(request: RecordedRequest): { action?: string; options: PhpArray } {
		if (String(request.headers['content-type'] ?? '').includes('application/json')) {
			const json = JSON.parse(request.body || '{}') as { action?: string; options?: PhpArray };
			return { action: json.action, options: json.options ?? {} };
		}
		const form = parsePhpForm(request.body);
		const options = typeof form.options === 'object' ? form.options : {};
		return { action: typeof form.action === 'string' ? form.action : undefined, options };
	}

	private handleCall(request: RecordedRequest): FakeResponse {
		if (!this.authorized(request)) return { status: 401, body: { error: { message: 'Unauthenticated.' } } };
		const { action, options } = this.parse(request);
		this.calls.push({ action: action ?? '', options, raw: request.body });
		const handler = action ? ACTIONS[action] : undefined;
		if (!handler) return { status: 422, body: { error: { message: `Unknown action: ${action ?? '(none)'}` } } };
		try {
			return { status: 200, body: handler(this.state, options) };
		} catch (error) {
			const status = error instanceof ApiFailure ? error.status : 500;
			return { status, body: { error: { message: (error as Error).message } } };
		}
	}
}
