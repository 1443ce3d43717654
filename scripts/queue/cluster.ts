// A queue-mode n8n cluster on 127.0.0.1, as n8n documents it: main (`n8n start`, editor and API, no
// production webhooks), webhook processors (`n8n webhook`), workers (`n8n worker`), sharing Postgres and
// Redis and one N8N_ENCRYPTION_KEY, this package installed in every process's user folder, and a proxy
// spreading /webhook/* over the webhook processors.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../n8n/ports.ts';
import { provision } from '../n8n/provision.ts';
import { stagePackage } from '../n8n/stagePackage.ts';
import type { N8nCommand, N8nProcess } from './n8nProcess.ts';
import { startN8nProcess } from './n8nProcess.ts';
import { startProxy } from './proxy.ts';
import type { QueueProxy } from './proxy.ts';
import { ensureServiceBinaries, startPostgres, startRedis } from './services.ts';
import type { Service } from './services.ts';

export interface ClusterOptions {
	/** Holds every process's user folder, Redis's folder and (when `keepDatabase`) Postgres's data. */
	dir: string;
	workers?: number;
	webhooks?: number;
	/** The proxy's port (the cluster's URL); a free one by default. */
	port?: number;
	/** Keep Postgres's data in `dir` between runs (npm start); a temporary database otherwise. */
	keepDatabase?: boolean;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** Worker concurrency (n8n's default is 10). */
	concurrency?: number;
	log?: (line: string) => void;
}

export interface QueueCluster {
	/** The proxy: editor, API and production webhooks, as users reach the cluster. */
	url: string;
	main: N8nProcess;
	webhooks: N8nProcess[];
	workers: N8nProcess[];
	proxy: QueueProxy;
	postgres: Service;
	redis: Service;
	encryptionKey: string;
	/** Every n8n process's user folder gets the built package, as a manual install on each process would. */
	userFolders: string[];
	/** Starts worker `index` again (after `workers[index].kill(...)`), same folder and ports. */
	restartWorker(index: number): Promise<N8nProcess>;
	/** Stops everything; nothing is left listening. */
	stop(): Promise<void>;
}

interface ClusterSecrets {
	encryptionKey: string;
	databasePassword: string;
}

/** Made up once per cluster folder, so a kept database stays readable. */
function clusterSecrets(dir: string): ClusterSecrets {
	const file = join(dir, 'cluster-secrets.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as ClusterSecrets;
	const secrets = { encryptionKey: randomBytes(24).toString('base64url'), databasePassword: randomBytes(18).toString('base64url') };
	mkdirSync(dir, { recursive: true });
	writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
	return secrets;
}

export async function startQueueCluster(options: ClusterOptions): Promise<QueueCluster> {
	const log = options.log ?? (() => {});
	const workerCount = options.workers ?? 2;
	const webhookCount = options.webhooks ?? 2;
	const binaries = ensureServiceBinaries(log);
	const { bin } = await provision(log);
	const secrets = clusterSecrets(options.dir);
	const started: Array<{ stop(): Promise<void> }> = [];
	const stopAll = async () => {
		for (const service of started.splice(0).reverse()) await service.stop().catch((error: Error) => log(`stopping: ${error.message}`));
	};
	try {
		const postgres = await startPostgres({
			bin: binaries.postgresBin,
			dataDir: options.keepDatabase ? join(options.dir, 'postgres') : undefined,
			user: 'n8n',
			password: secrets.databasePassword,
			database: 'n8n',
			log,
		});
		started.push(postgres);
		const redis = await startRedis({ redisServer: binaries.redisServer, dir: join(options.dir, 'redis'), log });
		started.push(redis);
		log(`Postgres on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

		const proxyPort = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${proxyPort}`;
		const shared: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: secrets.databasePassword,
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: secrets.encryptionKey,
			// The editor and the URLs it shows are the proxy's; production webhooks are the processors' job.
			N8N_EDITOR_BASE_URL: `${url}/`,
			WEBHOOK_URL: `${url}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			GENERIC_TIMEZONE: 'UTC',
			...options.env,
		};
		const userFolders: string[] = [];
		const spawnProcess = async (name: string, command: N8nCommand, port?: number, brokerPort?: number) => {
			const userFolder = join(options.dir, name);
			if (!userFolders.includes(userFolder)) userFolders.push(userFolder);
			stagePackage(userFolder);
			const httpPort = port ?? (await freePort());
			const env = command === 'worker' ? { ...shared, QUEUE_HEALTH_CHECK_PORT: String(httpPort) } : shared;
			const args = command === 'worker' && options.concurrency ? [`--concurrency=${options.concurrency}`] : [];
			return await startN8nProcess({ name, command, userFolder, port: httpPort, brokerPort: brokerPort ?? (await freePort()), env, bin, args, log });
		};

		log('starting main (the first start creates the database: about a minute)');
		const main = await spawnProcess('main', 'start');
		started.push(main);
		log(`main ready at ${main.url}; starting ${webhookCount} webhook processor(s) and ${workerCount} worker(s)`);
		const webhooks = await Promise.all(Array.from({ length: webhookCount }, async (_, index) => await spawnProcess(`webhook-${index + 1}`, 'webhook')));
		started.push(...webhooks);
		const workers = await Promise.all(Array.from({ length: workerCount }, async (_, index) => await spawnProcess(`worker-${index + 1}`, 'worker')));
		started.push(...workers);
		const proxy = await startProxy(
			{ name: 'main', port: main.port },
			webhooks.map((webhook) => ({ name: webhook.name, port: webhook.port })),
			proxyPort,
		);
		started.push(proxy);

		const cluster: QueueCluster = {
			url,
			main,
			webhooks,
			workers,
			proxy,
			postgres,
			redis,
			encryptionKey: secrets.encryptionKey,
			userFolders,
			async restartWorker(index) {
				const previous = cluster.workers[index];
				if (!previous.exited()) await previous.stop();
				const worker = await spawnProcess(previous.name, 'worker', previous.port);
				cluster.workers[index] = worker;
				started.push(worker);
				return worker;
			},
			async stop() {
				// The proxy first (its open connections would hold the webhook processors' shutdown), then
				// workers and webhook processors, then main, Redis and Postgres.
				await proxy.stop().catch((error: Error) => log(error.message));
				const n8nProcesses = [...cluster.workers, ...cluster.webhooks];
				await Promise.all(n8nProcesses.map(async (process) => await process.stop().catch((error: Error) => log(error.message))));
				await stopAll();
			},
		};
		return cluster;
	} catch (error) {
		await stopAll();
		throw error;
	}
}
