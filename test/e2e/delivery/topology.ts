// The two set-ups the delivery tests run in, behind one interface: a single n8n process (SQLite, as
// `npm start`) and a queue-mode cluster (Postgres, Redis, main, 2 webhook processors, 2 workers, as
// `npm start -- --queue`). Both get the fake platforms, the sandbox credentials, the example workflows,
// and copies of the two webhook examples answering "When Last Node Finishes" for the fault tests.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { N8nApi } from '../../../scripts/n8n/api.ts';
import { startN8n } from '../../../scripts/n8n/instance.ts';
import type { N8nInstance } from '../../../scripts/n8n/instance.ts';
import { sandboxRoot } from '../../../scripts/n8n/paths.ts';
import { provision } from '../../../scripts/n8n/provision.ts';
import { stagePackage } from '../../../scripts/n8n/stagePackage.ts';
import { startQueueCluster } from '../../../scripts/queue/cluster.ts';
import type { QueueCluster } from '../../../scripts/queue/cluster.ts';
import { newCanvasKey } from '../../../scripts/sandbox/canvasKey.ts';
import type { CanvasKey } from '../../../scripts/sandbox/canvasKey.ts';
import { OWNER_PROFILE } from '../../../scripts/sandbox/constants.ts';
import type { Example } from '../../../scripts/sandbox/examples.ts';
import { PACKAGE, forSandbox, loadExamples } from '../../../scripts/sandbox/examples.ts';
import { startSandboxFakes } from '../../../scripts/sandbox/fakes.ts';
import type { SandboxFakes } from '../../../scripts/sandbox/fakes.ts';
import { importSandbox } from '../../../scripts/sandbox/importSandbox.ts';
import type { SandboxRecord } from '../../../scripts/sandbox/importSandbox.ts';
import { generateSecrets } from '../../../scripts/sandbox/secrets.ts';
import type { SandboxSecrets } from '../../../scripts/sandbox/secrets.ts';

/** The fault workflows hold a crashed delivery's retries off for this long (the trigger's default is 300 s). */
export const FAULT_RUNNING_TIMEOUT_S = 20;

export interface FaultWorkflow {
	id: string;
	/** `/webhook/<webhookId>/webhook` */
	path: string;
}

export interface Topology {
	name: 'single process' | 'queue mode';
	api: N8nApi;
	fakes: SandboxFakes;
	secrets: SandboxSecrets;
	key: CanvasKey;
	record: SandboxRecord;
	faultWorkflows: { academyOcean: FaultWorkflow; canvas: FaultWorkflow };
	/** Where a platform's deliveries go: the proxy in front of the cluster, or the one n8n. */
	entry: string;
	/** Each process that answers webhooks, reachable directly (one for a single process). */
	receivers: string[];
	/** SIGKILL of what runs the executions: a worker, or the single n8n. Returns what was killed. */
	crash(): Promise<string>;
	/** Starts the killed process again. */
	recover(): Promise<void>;
	/** Everything every n8n process printed (which worker ran which execution). */
	output(): string;
	cluster?: QueueCluster;
	stop(): Promise<void>;
}

/** A copy of a webhook example that answers "When Last Node Finishes", with a short running-delivery timeout. */
function faultCopy(example: Example['workflow'], refs: Record<string, { id: string; name: string }>, jwksUrl: string): Example['workflow'] & { webhookId: string } {
	const workflow = forSandbox(example, { jwksUrl, credentials: refs });
	const webhookId = randomUUID();
	for (const node of workflow.nodes) {
		if (node.type !== `${PACKAGE}.learningPlatformTrigger`) continue;
		node.typeVersion = 2;
		node.webhookId = webhookId;
		node.parameters.respond = 'lastNode';
		node.parameters.options = { ...(node.parameters.options as object), runningDeliveryTimeout: FAULT_RUNNING_TIMEOUT_S };
	}
	return { ...workflow, name: `${workflow.name} (delivery tests)`, webhookId };
}

async function importFaultWorkflows(api: N8nApi, fakes: SandboxFakes, record: SandboxRecord, receivers: string[]): Promise<Topology['faultWorkflows']> {
	// n8n finds a workflow's credentials by id; the name is only what the editor shows until it is opened.
	const refs = Object.fromEntries(Object.entries(record.credentials).map(([type, id]) => [type, { id, name: type }]));
	const examples = loadExamples();
	const result: Partial<Topology['faultWorkflows']> = {};
	for (const [source, prefix] of [['academyOcean', 'academyocean-course'], ['canvas', 'canvas-']] as const) {
		const example = examples.find((candidate) => candidate.file.startsWith(prefix));
		if (!example) throw new Error(`no example ${prefix}*`);
		const { webhookId, ...workflow } = faultCopy(example.workflow, refs, fakes.canvasJwks.url);
		const { id } = await api.createWorkflow(workflow);
		await api.publish(id);
		const path = `/webhook/${webhookId}/webhook`;
		for (const receiver of receivers) await api.waitForWebhook(`${receiver}${path}`, 60_000);
		result[source] = { id, path };
	}
	return result as Topology['faultWorkflows'];
}

async function sandboxOn(url: string, log: (line: string) => void) {
	const secrets = generateSecrets();
	const key = newCanvasKey();
	const fakes = await startSandboxFakes(key, secrets, 0);
	if (!fakes) throw new Error('could not start the fake platforms');
	try {
		const api = new N8nApi(url);
		await api.signIn({ ...OWNER_PROFILE, password: secrets.ownerPassword });
		const urls = { academyOcean: fakes.academyOcean.url, thoughtIndustries: fakes.thoughtIndustries.url, canvasJwks: fakes.canvasJwks.url };
		const record = await importSandbox(api, urls, secrets, url, undefined, log);
		return { secrets, key, fakes, api, record };
	} catch (error) {
		await fakes.stop();
		throw error;
	}
}

export async function startSingleProcess(log: (line: string) => void): Promise<Topology> {
	const { bin } = await provision(log);
	mkdirSync(sandboxRoot, { recursive: true });
	const userFolder = mkdtempSync(join(sandboxRoot, 'delivery-single-'));
	stagePackage(userFolder);
	const options = { userFolder, bin, log, env: { GENERIC_TIMEZONE: 'UTC' }, startTimeoutMs: 6 * 60_000 };
	let n8n: N8nInstance = await startN8n(options);
	const output: string[] = [];
	try {
		const sandbox = await sandboxOn(n8n.url, log);
		const faultWorkflows = await importFaultWorkflows(sandbox.api, sandbox.fakes, sandbox.record, [n8n.url]);
		return {
			name: 'single process',
			...sandbox,
			faultWorkflows,
			entry: n8n.url,
			receivers: [n8n.url],
			async crash() {
				process.kill(-n8n.pid, 'SIGKILL');
				for (let i = 0; i < 100 && !n8n.exited(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
				output.push(n8n.output());
				await n8n.stop();
				return 'n8n (the single process)';
			},
			async recover() {
				n8n = await startN8n({ ...options, port: n8n.port });
				for (const workflow of Object.values(faultWorkflows)) await sandbox.api.waitForWebhook(`${n8n.url}${workflow.path}`, 60_000);
			},
			output: () => [...output, n8n.output()].join('\n'),
			async stop() {
				await n8n.stop();
				await sandbox.fakes.stop();
				if (!process.env.E2E_KEEP) rmSync(userFolder, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

export async function startQueueMode(log: (line: string) => void): Promise<Topology> {
	mkdirSync(sandboxRoot, { recursive: true });
	const dir = mkdtempSync(join(sandboxRoot, 'delivery-queue-'));
	const cluster = await startQueueCluster({
		dir,
		log,
		env: {
			// A killed worker's jobs are given up (n8n sets Bull's maxStalledCount to 0) once its lock lapses:
			// shorter than n8n's 60 s so the test does not wait a minute for it.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		},
	});
	const output: string[] = [];
	try {
		const sandbox = await sandboxOn(cluster.url, log);
		const receivers = cluster.webhooks.map((webhook) => webhook.url);
		const faultWorkflows = await importFaultWorkflows(sandbox.api, sandbox.fakes, sandbox.record, [cluster.url, ...receivers]);
		return {
			name: 'queue mode',
			...sandbox,
			faultWorkflows,
			entry: cluster.url,
			receivers,
			cluster,
			async crash() {
				const worker = cluster.workers[0];
				await worker.kill('SIGKILL');
				output.push(worker.output());
				return worker.name;
			},
			async recover() {
				await cluster.restartWorker(0);
			},
			output: () => [...output, ...[cluster.main, ...cluster.webhooks, ...cluster.workers].map((process) => process.output())].join('\n'),
			async stop() {
				await cluster.stop();
				await sandbox.fakes.stop();
				if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}
