// `npm run test:e2e:queue`: build, install n8n once (cached), then the delivery suite (node:test, in this process):
// a single n8n and a queue-mode cluster in turn, with the fake platforms; everything stopped at the end.
// Ends with a plain `N passed, N failed` line; exits non-zero on any failure.
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { buildPackage } from '../../../scripts/n8n/build.ts';
import { provision } from '../../../scripts/n8n/provision.ts';

const SUITE_LIMIT_MS = 60 * 60_000;

const t0 = Date.now();
const seconds = (since: number) => Math.round((Date.now() - since) / 1000);
const log = (line: string) => process.stdout.write(`[e2e:queue ${seconds(t0)} s] ${line}\n`);

async function abort(reason: string): Promise<never> {
	process.stderr.write(`\n${reason}\n`);
	// Every n8n, Postgres and Redis started here is killed by its exit handler on the way out.
	process.stdout.write('\n0 passed, 1 failed\n');
	process.exit(1);
}

// Bounded whatever happens: a hung n8n or test ends the run, and every process is stopped on the way out.
setTimeout(() => void abort(`The suite took longer than ${SUITE_LIMIT_MS / 60_000} min; stopped.`), SUITE_LIMIT_MS).unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abort(`Interrupted (${signal}).`));

try {
	if (!process.env.E2E_SKIP_BUILD) log(`package built in ${await buildPackage()} s`);
	const installed = await provision(log);
	log(installed.reused ? `n8n from ${installed.dir}` : `n8n installed: npm install ${installed.installSeconds ?? 0} s, sqlite3 build ${installed.rebuildSeconds} s`);
} catch (error) {
	await abort(`Could not prepare the end-to-end run: ${(error as Error).message}`);
}

let passed = 0;
let failedTests = 0;
let failedOther = 0;
let skipped = 0;
const testsStarted = Date.now();
// In this process (isolation 'none'), so the tests can read what the fake platforms recorded.
// E2E_ONLY=<regexp> runs only the tests whose full name matches (e.g. E2E_ONLY='single.*SIGKILL').
const only = process.env.E2E_ONLY ? [new RegExp(process.env.E2E_ONLY)] : undefined;
const stream = run({ files: [join(import.meta.dirname, 'suite.ts')], isolation: 'none', concurrency: false, testNamePatterns: only });
stream.on('test:pass', (event) => {
	if (event.details.type !== 'test') return;
	if (event.skip || event.todo) skipped += 1;
	else passed += 1;
});
stream.on('test:fail', (event) => {
	if (event.todo) skipped += 1;
	else if (event.details.type === 'test') failedTests += 1;
	else failedOther += 1;
});
stream.on('end', () => {
	// A failed hook (e.g. n8n did not start) fails its suite; count it once if no test failed with it.
	const failed = failedTests || (failedOther ? 1 : 0);
	log(`tests ran in ${seconds(testsStarted)} s`);
	process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
stream.compose(spec).pipe(process.stdout);
