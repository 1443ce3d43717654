/**
 * `npm run bench`: builds the package, runs every benchmark suite in its own child process (each
 * with a time limit; fakes in their own processes, 127.0.0.1 only), prints the targets table and
 * writes bench/results/latest.md, latest.svg (and latest.json, untracked).
 *
 * Options: --only=engine,tokens,webhooks,n8n,memory,ratelimit   --quick (smoke run: fewer rounds, smaller N)
 *          --no-build (use dist/ as it is)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

import { ROOT } from './lib/dist.ts';
import { runChild } from './lib/processes.ts';
import { consoleSummary, markdownReport, svgChart } from './lib/report.ts';
import type { RunInfo } from './lib/report.ts';
import { fmt } from './lib/stats.ts';
import type { SuiteResult, Target } from './lib/types.ts';
import { notRun } from './lib/types.ts';
import { SUITES } from './suites.ts';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const started = performance.now();
const loadAtStart = loadavg()[0];

function build(): void {
	if (argv.includes('--no-build')) return;
	process.stderr.write('Building the package (npm run build) so the benchmarks measure the current source...\n');
	const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
	if (result.status !== 0) throw new Error('npm run build failed: the benchmarks load dist/, fix the build first');
}

function runInfo(): RunInfo {
	const git = (...args: string[]) => {
		try {
			return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
		} catch {
			return 'unknown';
		}
	};
	const corePackage = JSON.parse(readFileSync(`${ROOT}node_modules/n8n-core/package.json`, 'utf8')) as { version: string };
	const cpuList = cpus();
	return {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		commit: git('rev-parse', '--short', 'HEAD'),
		node: process.versions.node,
		n8nCore: corePackage.version,
		cpus: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'CPU'}`,
		memory: `${fmt(totalmem() / 1024 ** 3, 0)} GiB RAM`,
		durationSeconds: (performance.now() - started) / 1000,
		load: `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
		options: argv.join(' '),
	};
}

async function main(): Promise<number> {
	build();
	const results: SuiteResult[] = [];
	let failures = 0;
	for (const suite of SUITES) {
		if (only && !only.includes(suite.id)) continue;
		const unavailable = suite.unavailable();
		if (unavailable) {
			process.stderr.write(`\n[${suite.id}] not run: ${unavailable}\n`);
			results.push(notRun(suite.id, suite.title, unavailable, suite.targets));
			continue;
		}
		process.stderr.write(`\n[${suite.id}] ${suite.title}\n`);
		const script = fileURLToPath(new URL(`./suites/${suite.script}`, import.meta.url));
		const run = await runChild<SuiteResult>(script, [JSON.stringify(quick ? suite.quickArgs : suite.args)], {
			timeoutMs: suite.timeoutMs,
		});
		if (run.value) {
			results.push(run.value);
			process.stderr.write(`[${suite.id}] done in ${fmt(run.ms / 1000, 0)} s\n`);
		} else {
			failures += 1;
			const reason = `the benchmark failed: ${run.error}`;
			process.stderr.write(`[${suite.id}] ${reason}\n`);
			results.push(notRun(suite.id, suite.title, reason, suite.targets));
		}
	}

	const info = runInfo();
	const directory = `${ROOT}bench/results`;
	mkdirSync(directory, { recursive: true });
	writeFileSync(`${directory}/latest.md`, markdownReport(results, info, 'latest.svg'));
	writeFileSync(`${directory}/latest.svg`, svgChart(results, info));
	writeFileSync(`${directory}/latest.json`, `${JSON.stringify({ info, results }, null, 2)}\n`);

	const verdicts = results.flatMap((result) => result.targets.map((target: Target) => target.verdict));
	process.stdout.write(`\n${consoleSummary(results)}\n\n`);
	process.stdout.write(
		`${verdicts.filter((verdict) => verdict === 'met').length} met, ${verdicts.filter((verdict) => verdict === 'missed').length} missed, ` +
			`${verdicts.filter((verdict) => verdict === 'not run').length} not run, in ${fmt(info.durationSeconds, 0)} s. ` +
			`Report: bench/results/latest.md, chart: bench/results/latest.svg\n`,
	);
	return failures ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
