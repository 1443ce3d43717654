// `npm start`: build the package, install n8n once, start the fake platforms and a real n8n with the
// package loaded, import credentials and the example workflows, print where everything is; Ctrl-C stops it all.
import { buildPackage } from './n8n/build.ts';
import { N8nApi } from './n8n/api.ts';
import { startN8n } from './n8n/instance.ts';
import type { N8nInstance } from './n8n/instance.ts';
import { N8N_VERSION, nodeBin } from './n8n/paths.ts';
import { freePort, isListening } from './n8n/ports.ts';
import { provision } from './n8n/provision.ts';
import { readPackageJson, stagePackage } from './n8n/stagePackage.ts';
import { persistentCanvasKey } from './sandbox/canvasKey.ts';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_FAKES_PORT, DEFAULT_N8N_PORT, OWNER_PROFILE } from './sandbox/constants.ts';
import { startSandboxFakes } from './sandbox/fakes.ts';
import type { SandboxFakes } from './sandbox/fakes.ts';
import { importSandbox } from './sandbox/importSandbox.ts';
import { generateSecrets } from './sandbox/secrets.ts';
import { watchFakes } from './sandbox/watchFakes.ts';
import { canvasKeyFile, loadState, sandboxDir, saveState } from './sandbox/state.ts';

const t0 = Date.now();
const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\n▶ ${line}`);

let n8n: N8nInstance | undefined;
let fakes: SandboxFakes | undefined;
let stopWatching = () => {};
let stopping = false;

async function shutdown(code: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		say('\nStopping n8n and the sandbox servers…');
		stopWatching();
		await n8n?.stop();
		await fakes?.stop();
		say('Stopped.');
	}
	process.exit(code);
}

async function portOr(preferred: number, name: string): Promise<number> {
	if (!(await isListening(preferred))) return preferred;
	const port = await freePort();
	say(`  port ${preferred} is taken; ${name} uses ${port} instead`);
	return port;
}

async function main(): Promise<void> {
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
	const dir = sandboxDir();

	step('Building the package');
	say(`  built in ${await buildPackage()} s`);

	step(`Installing n8n ${N8N_VERSION} (cached after the first time; N8N_LP_N8N_VERSION picks another version)`);
	const installed = await provision((line) => say(`  ${line}`));
	say(installed.reused ? `  using ${installed.dir}` : `  installed in ${installed.installSeconds ?? 0} + ${installed.rebuildSeconds} s`);
	say(`  n8n runs on ${nodeBin}`);

	let state = loadState(dir);
	if (!state) {
		// A new sandbox: its secrets are made up now; an n8n database without them would be unusable.
		rmSync(join(dir, '.n8n'), { recursive: true, force: true });
		state = { secrets: generateSecrets() };
		saveState(state, dir);
	}
	const { secrets } = state;

	step('Starting the fake AcademyOcean, Thought Industries and Canvas JWKS servers');
	const key = persistentCanvasKey(canvasKeyFile(dir));
	const fakesPort = Number(process.env.N8N_LP_FAKES_PORT ?? DEFAULT_FAKES_PORT);
	fakes = await startSandboxFakes(key, secrets, fakesPort);
	if (!fakes) {
		say(`  ports ${fakesPort}-${fakesPort + 2} are taken; using free ports`);
		fakes = await startSandboxFakes(key, secrets, 0);
	}
	if (!fakes) throw new Error('could not start the fake platforms');
	say(`  AcademyOcean ${fakes.academyOcean.url}, Thought Industries ${fakes.thoughtIndustries.url}, JWKS ${fakes.canvasJwks.url}`);

	step('Starting n8n with the package loaded (first start creates its database: ~30-60 s)');
	stagePackage(dir);
	const port = await portOr(Number(process.env.N8N_LP_PORT ?? DEFAULT_N8N_PORT), 'n8n');
	n8n = await startN8n({ userFolder: dir, port, bin: installed.bin, log: (line) => say(`  ${line}`), env: { GENERIC_TIMEZONE: 'UTC' } });
	say(`  n8n is up after ${elapsed()} (log: ${n8n.logFile})`);

	step('Importing sandbox credentials and the example workflows');
	const api = new N8nApi(n8n.url);
	const apiKey = await api.signIn({ ...OWNER_PROFILE, password: secrets.ownerPassword }, state.apiKey);
	const urls = { academyOcean: fakes.academyOcean.url, thoughtIndustries: fakes.thoughtIndustries.url, canvasJwks: fakes.canvasJwks.url };
	const record = await importSandbox(api, urls, secrets, n8n.url, state.record, (line) => say(`  ${line}`));
	saveState({ secrets, n8nUrl: n8n.url, apiKey, record }, dir);
	stopWatching = watchFakes(fakes, (line) => say(line));

	const demo = readPackageJson().scripts?.['demo:event']
		? (source: string) => `npm run demo:event -- ${source}`
		: (source: string) => `node_modules/.bin/node scripts/sandbox/demoEvent.ts ${source}`;
	const hooks = record.workflows.flatMap((workflow) => workflow.webhooks.map((hook) => `  ${hook.node}: ${hook.url}`));
	say(`
────────────────────────────────────────────────────────────────────────
 Sandbox ready in ${elapsed()}
 Editor:    ${n8n.url}
 Log in:    ${OWNER_PROFILE.email} / ${secrets.ownerPassword}
 Workflows: ${record.workflows.map((workflow) => workflow.name).join('\n            ')}
 Webhooks:
${hooks.join('\n')}
 Send a signed demo event (in another terminal):
   ${demo('academyocean')}
   ${demo('canvas')}
   (add --tampered to see the trigger refuse it with 401)
 The daily workflow runs at 07:00 UTC; run it now with "Execute workflow" in the editor.
 Ctrl-C stops n8n and the sandbox servers.
────────────────────────────────────────────────────────────────────────`);

	const instance = n8n;
	await new Promise<void>((resolve) => {
		const check = setInterval(() => {
			if (instance.exited()) {
				clearInterval(check);
				resolve();
			}
		}, 1000);
	});
	say(`n8n exited on its own; see ${instance.logFile}`);
	await shutdown(1);
}

main().catch(async (error: Error) => {
	process.stderr.write(`\n✖ ${error.message}\n`);
	await shutdown(1);
});
