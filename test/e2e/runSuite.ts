// The one runner of the suites that run against a real n8n (`test:e2e`, `test:e2e:queue`, `test:ui`): prepare
// (build, install n8n, ...), then the suite file with node:test in this process, bounded in time, stopped cleanly
// on a signal. Ends with a plain `N passed, N failed` line; the exit code is non-zero on any failure.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

export type Log = (line: string) => void;

export interface SuiteRun {
	/** Prefix of the progress lines, e.g. `e2e`. */
	name: string;
	/** The node:test file to run. */
	file: string;
	limitMs: number;
	/** Build, install, ...: a failure ends the run as one failed test. */
	prepare: (log: Log) => Promise<void>;
	/** Stops what the suite may have left running, when the run is cut short. */
	stop?: () => Promise<void>;
	/** Only the tests whose full name matches. */
	testNamePatterns?: RegExp[];
}

export async function runSuite({ name, file, limitMs, prepare, stop, testNamePatterns }: SuiteRun): Promise<void> {
	const t0 = Date.now();
	const seconds = (since: number) => Math.round((Date.now() - since) / 1000);
	const log: Log = (line) => process.stdout.write(`[${name} ${seconds(t0)} s] ${line}\n`);

	async function abort(reason: string): Promise<never> {
		process.stderr.write(`\n${reason}\n`);
		await stop?.();
		process.stdout.write('\n0 passed, 1 failed\n');
		process.exit(1);
	}

	// Bounded whatever happens: a hung n8n or test ends the run, and what it started is stopped on the way out.
	setTimeout(() => void abort(`The suite took longer than ${limitMs / 60_000} min; stopped.`), limitMs).unref();
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abort(`Interrupted (${signal}).`));

	try {
		await prepare(log);
	} catch (error) {
		await abort(`Could not prepare the ${name} run: ${(error as Error).message}`);
	}

	let passed = 0;
	let failedTests = 0;
	let failedOther = 0;
	let skipped = 0;
	const testsStarted = Date.now();
	// In this process (isolation 'none'), so the tests can read what the fake platforms recorded.
	const stream = run({ files: [file], isolation: 'none', concurrency: false, testNamePatterns });
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
		log(`tests ran in ${seconds(testsStarted)} s (${seconds(t0)} s in all)`);
		process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
		process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
	});
	stream.compose(spec).pipe(process.stdout);
}
