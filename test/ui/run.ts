// `npm run test:ui`: build, install n8n once (cached), install Debian's Chromium if missing, then run the
// browser suite (node:test, in this process). Ends with a plain `N passed, N failed` line; exits non-zero
// on any failure. Screenshots go to docs/images/.
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { buildPackage } from '../../scripts/n8n/build.ts';
import { provision } from '../../scripts/n8n/provision.ts';
import { stopEnvironment } from '../e2e/environment.ts';
import { ensureChromium } from './chromium.ts';

const SUITE_LIMIT_MS = 30 * 60_000;

const t0 = Date.now();
const seconds = (since: number) => Math.round((Date.now() - since) / 1000);
const log = (line: string) => process.stdout.write(`[ui ${seconds(t0)} s] ${line}\n`);

async function abort(reason: string): Promise<never> {
	process.stderr.write(`\n${reason}\n`);
	await stopEnvironment();
	process.stdout.write('\n0 passed, 1 failed\n');
	process.exit(1);
}

setTimeout(() => void abort(`The browser suite took longer than ${SUITE_LIMIT_MS / 60_000} min; stopped.`), SUITE_LIMIT_MS).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abort(`Interrupted (${signal}).`));

try {
	const installSeconds = ensureChromium(log);
	log(installSeconds === undefined ? 'Chromium found' : `Chromium installed in ${installSeconds} s`);
	if (!process.env.UI_SKIP_BUILD && !process.env.UI_N8N_URL) log(`package built in ${await buildPackage()} s`);
	if (!process.env.UI_N8N_URL) {
		const installed = await provision(log);
		log(installed.reused ? `n8n from ${installed.dir}` : `n8n installed in ${installed.installSeconds ?? 0} + ${installed.rebuildSeconds} s`);
	}
} catch (error) {
	await abort(`Could not prepare the browser suite: ${(error as Error).message}`);
}

let passed = 0;
let failedTests = 0;
let failedOther = 0;
const testsStarted = Date.now();
const stream = run({ files: [join(import.meta.dirname, 'suite.ts')], isolation: 'none', concurrency: false });
stream.on('test:pass', (event) => {
	if (event.details.type === 'test' && !event.skip && !event.todo) passed += 1;
});
stream.on('test:fail', (event) => {
	if (event.details.type === 'test') failedTests += 1;
	else failedOther += 1;
});
stream.on('end', () => {
	const failed = failedTests || (failedOther ? 1 : 0);
	log(`browser suite ran in ${seconds(testsStarted)} s (${seconds(t0)} s in all)`);
	process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
stream.compose(spec).pipe(process.stdout);
