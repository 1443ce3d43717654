import type { Fault, FakeResponse, RecordedRequest } from '../fakeServer.ts';
import { FakeServer, bearerToken } from '../fakeServer.ts';
import type { PhpArray, PhpFormLimits } from '../phpFormParser.ts';
import { acceptInvite, actionHandler, openLoginLink } from './actions/index.ts';
import { ApiFailure, errorBody } from './errors.ts';
import type { AcademyOceanLeniencies } from './leniencies.ts';
import { OptionReader } from './options.ts';
import { readApiCall, readFields } from './request.ts';
import type { AcademyState, LearnerRecord } from './state.ts';
import { TokenIssuer } from './tokens.ts';

export const TOKEN_PATH = '/oauth/token';
export const API_PATH = '/api/v1/';

/** One API call as the server understood it (recorded after authentication, before the action runs). */
export interface ParsedCall {
	action: string;
	options: PhpArray;
	/** The body as sent. */
	raw: string;
	/** The HTTP status it was answered with. */
	status: number;
}

export interface FakeAcademyOceanOptions {
	clientId: string;
	clientSecret: string;
	/** `expires_in` of issued tokens, in seconds, and enforced (default 604800, as in the reference). */
	tokenLifetimeSeconds?: number;
	/**
	 * PHP's max_input_vars for form bodies. Default: no limit, because AcademyOcean's setting is
	 * unknown; set 1000 (PHP's default) to see what a stock PHP server would silently drop.
	 */
	maxInputVars?: number;
	/** What the reference leaves open that a test allows; strict (none) by default. See leniencies.ts. */
	leniencies?: AcademyOceanLeniencies;
}

/**
 * AcademyOcean as its API reference documents it, on 127.0.0.1: OAuth2 client credentials at
 * `POST /oauth/token`, and every action as `POST /api/v1/` (that path exactly) with `action` and
 * `options` as PHP-style form fields and `Authorization: Bearer <token>`: by default exactly what the
 * reference documents, nothing it leaves open (leniencies.ts lists what a test may allow). Actions run over an in-memory academy
 * (`state`) that they change, so later calls see earlier ones. Errors are `{"error":{"message"}}`:
 * 401 for a missing, unknown, expired or revoked token, 422 for validation, 404 for unknown
 * records, 403 for a blocked learner's login link.
 *
 * Revoked access (revokeLearnersAccess) hides the learner from every list and lookup and makes
 * createLoginToken answer 403 "Learner access is revoked"; returnLearnersAccess undoes both.
 */
export class FakeAcademyOcean {
	readonly server = new FakeServer();
	/** Authenticated API calls, oldest first. */
	readonly calls: ParsedCall[] = [];
	state: AcademyState;
	readonly client: FakeAcademyOceanOptions;
	readonly tokens: TokenIssuer;
	private readonly limits: PhpFormLimits;
	readonly leniencies: AcademyOceanLeniencies;
	/** Milliseconds added to the real clock (advanceTime). */
	private clockOffset = 0;

	constructor(state: AcademyState, client: FakeAcademyOceanOptions) {
		this.state = state;
		this.client = client;
		this.limits = { maxInputVars: client.maxInputVars ?? Infinity };
		this.leniencies = { ...client.leniencies };
		this.tokens = new TokenIssuer(client, client.tokenLifetimeSeconds ?? 604800, () => this.now(), this.leniencies);
		this.server.route('POST', TOKEN_PATH, (request) => this.issueToken(request));
		this.server.route('POST', API_PATH, (request) => this.answer(request));
		if (this.leniencies.pathWithoutTrailingSlash) this.server.route('POST', '/api/v1', (request) => this.answer(request));
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

	/** Requests to the token endpoint so far. Writable, so that benchmarks can reset it. */
	get tokenRequests(): number {
		return this.tokens.requests;
	}

	set tokenRequests(value: number) {
		this.tokens.requests = value;
	}

	/** Every issued token stops working, as when they expire or are revoked. */
	expireAllTokens(): void {
		this.tokens.revokeAll();
	}

	/** The fake's clock: real time plus advanceTime. Token expiry and new records use it. */
	now(): Date {
		return new Date(Date.now() + this.clockOffset);
	}

	/** Moves the fake's clock forward, e.g. past the tokens' lifetime. */
	advanceTime(seconds: number): void {
		this.clockOffset += seconds * 1000;
	}

	/** The last authenticated API call, or undefined. */
	get lastCall(): ParsedCall | undefined {
		return this.calls[this.calls.length - 1];
	}

	callsOf(action: string): ParsedCall[] {
		return this.calls.filter((call) => call.action === action);
	}

	/** Applies a fault to the next `times` API calls (not to token requests). */
	failApi(fault: Fault, times = 1): void {
		this.server.inject(fault, times, API_PATH);
	}

	/** Applies a fault to the next `times` token requests. */
	failToken(fault: Fault, times = 1): void {
		this.server.inject(fault, times, TOKEN_PATH);
	}

	/** The invitee signs up: the invite is used and they become a learner with its teams and variables. */
	acceptInvite(email: string): LearnerRecord {
		return acceptInvite(this.state, email, this.now());
	}

	/** A browser opens a login link (once only): the learner logs in, or registers. */
	openLoginLink(link: string): LearnerRecord {
		return openLoginLink(this.state, link, this.now());
	}

	private issueToken(request: RecordedRequest): FakeResponse {
		let fields: PhpArray;
		try {
			fields = readFields(request, this.limits, this.leniencies.jsonBodies);
		} catch (error) {
			this.tokens.requests += 1;
			const message = (error as Error).message;
			return { status: 400, body: { error: 'invalid_request', error_description: message, message } };
		}
		return this.tokens.issue(request, fields);
	}

	private answer(request: RecordedRequest): FakeResponse {
		if (!this.tokens.accepts(bearerToken(request))) return { status: 401, body: errorBody('Unauthenticated.') };
		let call: ParsedCall = { action: '', options: {}, raw: request.body, status: 0 };
		try {
			call = { ...call, ...readApiCall(request, this.limits, this.leniencies.jsonBodies) };
			this.calls.push(call);
			if (!call.action) throw new ApiFailure('Action is required', 422);
			const handler = actionHandler(call.action);
			if (!handler) throw new ApiFailure(`Unknown action: ${call.action}`, 422);
			const body = handler({ state: this.state, options: new OptionReader(call.options), now: () => this.now(), leniencies: this.leniencies });
			call.status = 200;
			return { status: 200, body };
		} catch (error) {
			// ApiFailure is the API's own answer; anything else is a bug in the fake, answered as PHP would: 500.
			call.status = error instanceof ApiFailure ? error.status : 500;
			return { status: call.status, body: errorBody((error as Error).message) };
		}
	}
}
