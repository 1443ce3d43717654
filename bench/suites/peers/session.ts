/**
 * One real n8n for the whole peer suite (the version the scripts choose, see scripts/n8n/paths.ts), with the
 * built package staged as a community package, and what the sections create in it (credentials,
 * published workflows), removed again at the end.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

import { N8nApi } from '../../../scripts/n8n/api.ts';
import { startN8n } from '../../../scripts/n8n/instance.ts';
import type { N8nInstance } from '../../../scripts/n8n/instance.ts';
import { sandboxRoot, userFolderSuffix } from '../../../scripts/n8n/paths.ts';
import { stagePackage } from '../../../scripts/n8n/stagePackage.ts';
import { progress } from '../../lib/processes.ts';
import { fmt, sleep } from '../../lib/stats.ts';
import { ExecutionCounter } from './executions.ts';
import type { Instance } from './workflows.ts';

// A throwaway owner of a loopback-only instance in a git-ignored folder.
const OWNER = { email: 'bench@example.com', password: 'Bench-only-1234', firstName: 'Bench', lastName: 'Runner' };

export interface Created {
	id: string;
	url: string;
}

export class PeerSession {
	readonly n8n: N8nInstance;
	readonly api: N8nApi;
	readonly executions: ExecutionCounter;
	readonly startSeconds: number;
	private readonly workflows: string[] = [];
	private readonly credentials: string[] = [];

	private constructor(n8n: N8nInstance, api: N8nApi, startSeconds: number) {
		this.n8n = n8n;
		this.api = api;
		this.startSeconds = startSeconds;
		this.executions = new ExecutionCounter(`${n8n.userFolder}/.n8n/database.sqlite`);
	}

	static async start(): Promise<PeerSession> {
		// Its own user folder, kept between runs so later starts skip the database migrations.
		const userFolder = `${sandboxRoot}/bench-peers${userFolderSuffix()}`;
		stagePackage(userFolder);
		const started = performance.now();
		// n8n pings its database every 2 s and answers every request 503 once a ping takes over 5 s, which a
		// 1,000-item execution on a loaded 2-core machine can cause with SQLite idle: the bench allows 60 s.
		// PEERS_N8N_ENV='{"N8N_EXPRESSION_ENGINE_POOL_SIZE":"8"}' adds n8n settings, to test a cause (README).
		const env = { GENERIC_TIMEZONE: 'UTC', DB_PING_TIMEOUT_MS: '60000', ...(JSON.parse(process.env.PEERS_N8N_ENV ?? '{}') as Record<string, string>) };
		const n8n = await startN8n({ userFolder, log: (line) => progress(line), startTimeoutMs: 5 * 60_000, env });
		const startSeconds = (performance.now() - started) / 1000;
		progress(`n8n ready at ${n8n.url} in ${fmt(startSeconds, 0)} s`);
		try {
			const api = new N8nApi(n8n.url);
			const keyFile = `${userFolder}/bench-api-key`;
			writeFileSync(keyFile, await api.signIn(OWNER, existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined), { mode: 0o600 });
			const session = new PeerSession(n8n, api, startSeconds);
			await session.removeLeftovers();
			return session;
		} catch (error) {
			await n8n.stop();
			throw error;
		}
	}

	/** Workflows and credentials an interrupted run left behind would share the instance: removed first. */
	private async removeLeftovers(): Promise<void> {
		const workflows = await this.api.public<{ data: Array<{ id: string; active: boolean }> }>('GET', '/workflows?limit=250');
		for (const workflow of workflows.data) await this.removeWorkflow(workflow.id, workflow.active);
		const credentials = await this.api.publicRaw('GET', '/credentials?limit=250');
		if (credentials.status === 200) {
			for (const credential of (JSON.parse(credentials.text) as { data: Array<{ id: string }> }).data) {
				await this.api.publicRaw('DELETE', `/credentials/${credential.id}`);
			}
		}
	}

	async credential(type: string, name: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const id = await this.api.createCredential(name, type, data);
		this.credentials.push(id);
		return { id, name };
	}

	/** Creates and publishes the workflow, and waits until n8n routes its webhook. */
	async publish(instance: Instance): Promise<Created> {
		const { id } = await this.api.createWorkflow(instance.workflow);
		this.workflows.push(id);
		await this.api.publish(id);
		const url = `${this.n8n.url}/webhook/${instance.path}`;
		await this.api.waitForWebhook(url, 60_000);
		return { id, url };
	}

	/** Unpublishes and deletes a workflow; n8n answers 409 while an unpublish is still settling, so that is retried (bounded). */
	private async removeWorkflow(id: string, active: boolean): Promise<void> {
		if (active) await this.api.unpublish(id);
		for (let attempt = 1; ; attempt++) {
			const { status, text } = await this.api.publicRaw('DELETE', `/workflows/${id}`);
			if (status < 400 || status === 404) return;
			if (attempt >= 20 || status !== 409) throw new Error(`DELETE /workflows/${id} failed (${status}): ${text.slice(0, 300)}`);
			await sleep(250);
		}
	}

	async stop(): Promise<void> {
		try {
			for (const id of this.workflows) await this.removeWorkflow(id, true).catch((error: Error) => progress(`cleanup: ${error.message}`));
			for (const id of this.credentials) await this.api.publicRaw('DELETE', `/credentials/${id}`).catch(() => undefined);
		} finally {
			this.executions.close();
			await this.n8n.stop();
		}
	}
}
