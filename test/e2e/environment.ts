// One real n8n for the whole suite, with the built package staged as an installed community package,
// the seeded fake platforms, fresh secrets, and the example workflows imported and published.
// The suite's `before` hook starts it and its `after` hook stops it; tests share it through environment().
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { N8nApi } from '../../scripts/n8n/api.ts';
import { startN8n } from '../../scripts/n8n/instance.ts';
import type { N8nInstance } from '../../scripts/n8n/instance.ts';
import { sandboxRoot } from '../../scripts/n8n/paths.ts';
import { provision } from '../../scripts/n8n/provision.ts';
import { stagePackage } from '../../scripts/n8n/stagePackage.ts';
import type { StagedPackage } from '../../scripts/n8n/stagePackage.ts';
import { newCanvasKey } from '../../scripts/sandbox/canvasKey.ts';
import type { CanvasKey } from '../../scripts/sandbox/canvasKey.ts';
import { OWNER_PROFILE } from '../../scripts/sandbox/constants.ts';
import { startSandboxFakes } from '../../scripts/sandbox/fakes.ts';
import type { SandboxFakes } from '../../scripts/sandbox/fakes.ts';
import { importSandbox } from '../../scripts/sandbox/importSandbox.ts';
import type { SandboxRecord } from '../../scripts/sandbox/importSandbox.ts';
import { generateSecrets } from '../../scripts/sandbox/secrets.ts';
import type { SandboxSecrets } from '../../scripts/sandbox/secrets.ts';

export interface E2eEnvironment {
	n8n: N8nInstance;
	api: N8nApi;
	fakes: SandboxFakes;
	key: CanvasKey;
	secrets: SandboxSecrets;
	record: SandboxRecord;
	staged: StagedPackage;
	/** The imported example whose file name starts with `prefix`. */
	example(prefix: string): SandboxRecord['workflows'][number];
	/** Stops n8n and starts it again on the same port, user folder and database. */
	restartN8n(): Promise<void>;
}

let current: E2eEnvironment | undefined;
let cleanup: Array<() => Promise<void> | void> = [];

export function environment(): E2eEnvironment {
	if (!current) throw new Error('the e2e environment is not started (run the suite with npm run test:e2e)');
	return current;
}

export async function startEnvironment(log: (line: string) => void): Promise<E2eEnvironment> {
	const { bin } = await provision(log);
	mkdirSync(sandboxRoot, { recursive: true });
	const userFolder = mkdtempSync(join(sandboxRoot, 'e2e-'));
	if (!process.env.E2E_KEEP) cleanup.push(() => rmSync(userFolder, { recursive: true, force: true }));
	const staged = stagePackage(userFolder);
	const secrets = generateSecrets();
	const key = newCanvasKey();
	const fakes = await startSandboxFakes(key, secrets, 0);
	if (!fakes) throw new Error('could not start the fake platforms');
	cleanup.push(() => fakes.stop());
	const started = Date.now();
	const options = { userFolder, bin, log, env: { GENERIC_TIMEZONE: 'UTC' }, startTimeoutMs: 6 * 60_000 };
	const n8n = await startN8n(options);
	// The instance running at the end (restartN8n replaces it), also when the set-up below fails.
	cleanup.push(() => (current?.n8n ?? n8n).stop());
	log(`n8n ready in ${Math.round((Date.now() - started) / 1000)} s at ${n8n.url} (user folder ${userFolder})`);
	const api = new N8nApi(n8n.url);
	await api.signIn({ ...OWNER_PROFILE, password: secrets.ownerPassword });
	const urls = { academyOcean: fakes.academyOcean.url, thoughtIndustries: fakes.thoughtIndustries.url, canvasJwks: fakes.canvasJwks.url };
	const record = await importSandbox(api, urls, secrets, n8n.url, undefined, log);
	current = {
		n8n,
		api,
		fakes,
		key,
		secrets,
		record,
		staged,
		example(prefix) {
			const found = record.workflows.find((workflow) => workflow.file.startsWith(prefix));
			if (!found) throw new Error(`no example workflow ${prefix}*`);
			return found;
		},
		async restartN8n() {
			const env = environment();
			await env.n8n.stop();
			env.n8n = await startN8n({ ...options, port: env.n8n.port });
		},
	};
	return current;
}

/** Stops n8n (then checks nothing is left listening), the fakes, and removes the user folder. */
export async function stopEnvironment(): Promise<void> {
	const steps = cleanup.reverse();
	cleanup = [];
	for (const step of steps) await step();
	current = undefined;
}
