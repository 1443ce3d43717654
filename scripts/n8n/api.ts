// Talks to a running n8n without the editor: sets up the owner account (or logs in), creates an API key,
// then uses n8n's public API (/api/v1) for credentials, workflows and executions. The internal endpoints
// used (/rest/owner/setup, /rest/login, /rest/api-keys, /types/*.json) are the same in n8n 2.41 and 1.123;
// what differs between majors (activation, credential data) comes from compat.ts.
import { activationPaths, schemaDependentCredentialFields } from './compat.ts';

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface WorkflowJson {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface Execution {
	id: string;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: { resultData?: { runData?: Record<string, Array<Record<string, unknown>>>; error?: { message?: string } } };
}

// n8n ties its session cookie to this header; any fixed value works for a script.
const BROWSER_ID = 'n8n-nodes-learning-platforms-scripts';
const TIMEOUT_MS = 30_000;

export class N8nApi {
	readonly url: string;
	private cookie = '';
	apiKey = '';

	constructor(url: string) {
		this.url = url;
	}

	/** Owner account on a fresh instance, a login on a set-up one; then an API key (reused if given and valid). */
	async signIn(owner: Owner, apiKey?: string): Promise<string> {
		const setup = await this.rest('POST', '/rest/owner/setup', owner, false);
		if (!setup.ok) {
			await setup.body?.cancel();
			const login = await this.rest('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password }, false);
			if (!login.ok) throw new Error(`n8n login failed (${login.status}): ${await login.text()}`);
			this.keepCookie(login);
		} else {
			this.keepCookie(setup);
		}
		if (apiKey) {
			this.apiKey = apiKey;
			const probe = await fetch(`${this.url}/api/v1/workflows?limit=1`, { headers: this.keyHeaders(), signal: AbortSignal.timeout(TIMEOUT_MS) });
			await probe.body?.cancel();
			if (probe.ok) return apiKey;
		}
		const scopes = (await this.restJson<string[]>('GET', '/rest/api-keys/scopes'));
		const created = await this.restJson<{ rawApiKey: string }>('POST', '/rest/api-keys', {
			label: `scripts ${new Date().toISOString()}`,
			scopes,
			expiresAt: null,
		});
		this.apiKey = created.rawApiKey;
		return this.apiKey;
	}

	/** The node and credential types n8n registered, as the editor receives them. */
	async types(): Promise<{ nodes: Array<{ name: string }>; credentials: Array<{ name: string }> }> {
		// Large answers (n8n 1.x builds them on first request): a connection the server drops is asked again.
		const get = async (path: string) => {
			for (let attempt = 1; ; attempt++) {
				try {
					const response = await this.rest('GET', path);
					if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
					return (await response.json()) as Array<{ name: string }>;
				} catch (error) {
					if (attempt >= 3 || !(error instanceof TypeError)) throw error;
					await new Promise((resolve) => setTimeout(resolve, 1000));
				}
			}
		};
		return { nodes: await get('/types/nodes.json'), credentials: await get('/types/credentials.json') };
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		return (await this.public<{ id: string }>('POST', '/credentials', { name, type, data: await this.credentialData(type, data) })).id;
	}

	async updateCredential(id: string, name: string, type: string, data: Record<string, unknown>): Promise<void> {
		await this.public('PATCH', `/credentials/${id}`, { name, type, data: await this.credentialData(type, data) });
	}

	/** The data plus the fields this n8n's schema for the type requires (see compat.ts). */
	private async credentialData(type: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
		const fields = schemaDependentCredentialFields();
		if (!Object.keys(fields).length) return data;
		const schema = await this.public<{ properties?: Record<string, unknown> }>('GET', `/credentials/schema/${type}`);
		const listed = Object.fromEntries(Object.entries(fields).filter(([field]) => field in (schema.properties ?? {})));
		return { ...listed, ...data };
	}

	async createWorkflow(workflow: WorkflowJson): Promise<{ id: string; versionId: string }> {
		const { name, nodes, connections } = workflow;
		return await this.public('POST', '/workflows', { name, nodes, connections, settings: workflow.settings ?? {} });
	}

	async updateWorkflow(id: string, workflow: WorkflowJson): Promise<void> {
		const { name, nodes, connections } = workflow;
		await this.public('PUT', `/workflows/${id}`, { name, nodes, connections, settings: workflow.settings ?? {} });
	}

	async getWorkflow(id: string): Promise<(WorkflowJson & { id: string; active: boolean }) | undefined> {
		const { status, text } = await this.publicRaw('GET', `/workflows/${id}`);
		if (status === 404) return undefined;
		if (status >= 400) throw new Error(`GET /api/v1/workflows/${id} failed (${status}): ${text.slice(0, 500)}`);
		return JSON.parse(text) as WorkflowJson & { id: string; active: boolean };
	}

	/**
	 * Waits until n8n routes POSTs to a production webhook URL: publishing answers before the webhooks
	 * are registered. A GET probe runs nothing: n8n answers "not registered for GET" once the POST
	 * webhook exists, and "is not registered" before.
	 */
	async waitForWebhook(url: string, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
			const text = await response.text();
			if (!/The requested webhook "[^"]*" is not registered/.test(text)) return;
			if (Date.now() > deadline) throw new Error(`n8n did not register the webhook ${url} within ${timeoutMs / 1000} s`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** Activates the workflow's current version (n8n 2.x calls it publishing, 1.x activating); see waitForWebhook. */
	async publish(id: string): Promise<void> {
		await this.public('POST', `/workflows/${id}/${activationPaths().activate}`, {});
	}

	async unpublish(id: string): Promise<void> {
		await this.public('POST', `/workflows/${id}/${activationPaths().deactivate}`, {});
	}

	async executions(workflowId: string, includeData = false): Promise<Execution[]> {
		const query = new URLSearchParams({ workflowId, limit: '250', includeData: String(includeData) });
		return (await this.public<{ data: Execution[] }>('GET', `/executions?${query}`)).data;
	}

	async public<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const { status, text } = await this.publicRaw(method, path, body);
		if (status >= 400) throw new Error(`${method} /api/v1${path} failed (${status}): ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async publicRaw(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
		const response = await fetch(`${this.url}/api/v1${path}`, {
			method,
			headers: { ...this.keyHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS),
		});
		return { status: response.status, text: await response.text() };
	}

	private keyHeaders(): Record<string, string> {
		return { 'x-n8n-api-key': this.apiKey, accept: 'application/json' };
	}

	private async restJson<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.rest(method, path, body);
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} failed (${response.status}): ${text.slice(0, 500)}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	private async rest(method: string, path: string, body?: unknown, withCookie = true): Promise<Response> {
		const headers: Record<string, string> = { 'browser-id': BROWSER_ID, accept: 'application/json' };
		if (withCookie && this.cookie) headers.cookie = this.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		return await fetch(`${this.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(TIMEOUT_MS),
		});
	}

	private keepCookie(response: Response): void {
		const auth = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
		if (!auth) throw new Error('n8n did not return a session cookie');
		this.cookie = auth.split(';')[0];
	}
}
