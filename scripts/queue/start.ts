// `npm start -- --queue`: the sandbox as an n8n queue-mode cluster on 127.0.0.1 (main, 2 webhook
// processors, 2 workers, Postgres, Redis, a proxy in front), with the same fake platforms, credentials
// and example workflows as `npm start`. Ctrl-C stops everything; nothing is left listening.
import { join } from 'node:path';
import { N8nApi } from '../n8n/api.ts';
import { buildPackage } from '../n8n/build.ts';
import { sandboxRoot } from '../n8n/paths.ts';
import { isListening } from '../n8n/ports.ts';
import { persistentCanvasKey } from '../sandbox/canvasKey.ts';
import { DEFAULT_FAKES_PORT, DEFAULT_N8N_PORT, OWNER_PROFILE } from '../sandbox/constants.ts';
import { startSandboxFakes } from '../sandbox/fakes.ts';
import type { SandboxFakes } from '../sandbox/fakes.ts';
import { importSandbox } from '../sandbox/importSandbox.ts';
import { generateSecrets } from '../sandbox/secrets.ts';
import { canvasKeyFile, loadState, saveState } from '../sandbox/state.ts';
import { watchFakes } from '../sandbox/watchFakes.ts';
import { startQueueCluster } from './cluster.ts';
import type { QueueCluster } from './cluster.ts';

const t0 = Date.now();
const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\n▶ ${line}`);

/** `N8N_LP_QUEUE_DIR`, else `.n8n-sandbox/queue` in the repo (git-ignored). */
const dir = process.env.N8N_LP_QUEUE_DIR ?? join(sandboxRoot, 'queue');

let cluster: QueueCluster | undefined;
let fakes: SandboxFakes | undefined;
let stopWatching = () => {};
let stopping = false;

async function shutdown(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		say('\nStopping the cluster (workers, webhook processors, main, proxy, Redis, Postgres) and the fakes…');
		stopWatching();
		await cluster?.stop();
		await fakes?.stop();
		say('Stopped.');
	}
	process.exit(code);
}

async function main(): Promise<void> {
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	step('Building the package');
	say(`  built in ${await buildPackage()} s`);

	let state = loadState(dir);
	if (!state) {
		state = { secrets: generateSecrets() };
		saveState(state, dir);
	}
	const { secrets } = state;

	step('Starting the fake AcademyOcean, Thought Industries and Canvas JWKS servers');
	const key = persistentCanvasKey(canvasKeyFile(dir));
	const fakesPort = Number(process.env.N8N_LP_FAKES_PORT ?? DEFAULT_FAKES_PORT);
	fakes = (await startSandboxFakes(key, secrets, fakesPort)) ?? (await startSandboxFakes(key, secrets, 0));
	if (!fakes) throw new Error('could not start the fake platforms');
	say(`  AcademyOcean ${fakes.academyOcean.url}, Thought Industries ${fakes.thoughtIndustries.url}, JWKS ${fakes.canvasJwks.url}`);

	step('Starting Postgres, Redis and n8n in queue mode (installed on first use)');
	const preferred = Number(process.env.N8N_LP_PORT ?? DEFAULT_N8N_PORT);
	const port = (await isListening(preferred)) ? undefined : preferred;
	cluster = await startQueueCluster({ dir, keepDatabase: true, port, log: (line) => say(`  ${line}`) });
	say(`  cluster up after ${elapsed()}`);

	step('Importing sandbox credentials and the example workflows');
	const api = new N8nApi(cluster.url);
	const apiKey = await api.signIn({ ...OWNER_PROFILE, password: secrets.ownerPassword }, state.apiKey);
	const urls = { academyOcean: fakes.academyOcean.url, thoughtIndustries: fakes.thoughtIndustries.url, canvasJwks: fakes.canvasJwks.url };
	const record = await importSandbox(api, urls, secrets, cluster.url, state.record, (line) => say(`  ${line}`));
	saveState({ secrets, n8nUrl: cluster.url, apiKey, record }, dir);
	stopWatching = watchFakes(fakes, (line) => say(line));

	const hooks = record.workflows.flatMap((workflow) => workflow.webhooks.map((hook) => `  ${hook.node}: ${hook.url}`));
	const demo = (source: string) => `N8N_LP_SANDBOX_DIR=${dir} npm run demo:event -- ${source}`;
	say(`
────────────────────────────────────────────────────────────────────────
 Queue-mode sandbox ready in ${elapsed()}
 Editor:    ${cluster.url}   (main ${cluster.main.url})
 Log in:    ${OWNER_PROFILE.email} / ${secrets.ownerPassword}
 Webhook processors: ${cluster.webhooks.map((webhook) => webhook.url).join(', ')} (the proxy spreads /webhook/* over them)
 Workers:   ${cluster.workers.map((worker) => `${worker.name} (health ${worker.url}/healthz)`).join(', ')}
 Postgres:  127.0.0.1:${cluster.postgres.port}   Redis: 127.0.0.1:${cluster.redis.port}
 Logs:      ${dir}/<process>/<process>.log
 Webhooks:
${hooks.join('\n')}
 Send a signed demo event (in another terminal):
   ${demo('academyocean')}
   ${demo('canvas')}
 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────`);

	const running = cluster;
	await new Promise<void>((resolve) => {
		const check = setInterval(() => {
			if (stopping) clearInterval(check);
			else if (running.main.exited()) {
				clearInterval(check);
				resolve();
			}
		}, 1000);
	});
	say(`main exited on its own; see ${running.main.logFile}`);
	await shutdown(1);
}

main().catch(async (error: Error) => {
	process.stderr.write(`\n✖ ${error.message}\n`);
	await shutdown(1);
});
