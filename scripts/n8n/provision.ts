// Installs the chosen n8n (N8N_LP_N8N_VERSION, see paths.ts) into a cache folder outside the repo, once,
// and reuses it afterwards. One folder per version (and per Node major, for the native sqlite3 build).
//   node scripts/n8n/provision.ts          (or import { provision } from it)
// Steps: `npm install n8n@<v> --ignore-scripts` (a Kafka native build would fail and nothing here
// needs it), then `npm rebuild sqlite3` against the headers of the Node that runs n8n (the machine's npm
// config says nodedir=/usr, which is Node 20's). A marker file is written only after both steps and a
// smoke test pass; without it the folder counts as a half install and is redone.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOverrides } from './compat.ts';
import { N8N_VERSION, childEnv, installDir, n8nBin, nodeBin, nodeDir } from './paths.ts';

const INSTALL_TIMEOUT_MS = 40 * 60_000;
const REBUILD_TIMEOUT_MS = 20 * 60_000;
const LOCK_WAIT_MS = 60 * 60_000;

export interface Provisioned {
	dir: string;
	bin: string;
	reused: boolean;
	installSeconds?: number;
	rebuildSeconds?: number;
}

type Log = (line: string) => void;
const defaultLog: Log = (line) => process.stdout.write(`[n8n install] ${line}\n`);

const markerPath = (dir: string) => join(dir, '.provisioned.json');
const installedPath = (dir: string) => join(dir, '.npm-install-done');

export function isProvisioned(dir = installDir()): boolean {
	if (!existsSync(markerPath(dir)) || !existsSync(n8nBin(dir))) return false;
	try {
		return JSON.parse(readFileSync(markerPath(dir), 'utf8')).version === N8N_VERSION;
	} catch {
		return false;
	}
}

export async function provision(log: Log = defaultLog): Promise<Provisioned> {
	const dir = installDir();
	if (isProvisioned(dir)) return { dir, bin: n8nBin(dir), reused: true };
	if (!existsSync(nodeBin)) throw new Error(`Node not found at ${nodeBin}: run npm install first (or fix N8N_LP_NODE)`);
	const release = await lock(dir, log);
	try {
		if (isProvisioned(dir)) return { dir, bin: n8nBin(dir), reused: true };
		const result: Provisioned = { dir, bin: n8nBin(dir), reused: false };
		const npmLog = join(dir, 'provision.log');
		if (!existsSync(installedPath(dir))) {
			log(`installing n8n@${N8N_VERSION} into ${dir} (first time only, about 5 minutes)`);
			rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
			rmSync(join(dir, 'package-lock.json'), { force: true });
			mkdirSync(dir, { recursive: true });
			const overrides = installOverrides();
			const manifest = { name: 'n8n-sandbox-install', private: true, ...(Object.keys(overrides).length ? { overrides } : {}) };
			writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
			const started = Date.now();
			await run(
				'npm',
				['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
				dir, npmLog, INSTALL_TIMEOUT_MS, log,
				() => `${countPackages(join(dir, 'node_modules'))} packages so far`,
			);
			result.installSeconds = Math.round((Date.now() - started) / 1000);
			writeFileSync(installedPath(dir), new Date().toISOString());
			log(`npm install done in ${result.installSeconds} s`);
		}
		if (!existsSync(join(nodeDir, 'include', 'node', 'node.h'))) throw new Error(`no Node headers in ${nodeDir}/include/node: sqlite3 cannot be built for ${nodeBin}`);
		log(`building sqlite3 for ${nodeBin} (about 1-2 minutes)`);
		const started = Date.now();
		await run(
			'npm',
			['rebuild', 'sqlite3', `--nodedir=${nodeDir}`, '--ignore-scripts=false', '--foreground-scripts'],
			dir, npmLog, REBUILD_TIMEOUT_MS, log, () => 'compiling',
			{ npm_config_nodedir: nodeDir },
		);
		result.rebuildSeconds = Math.round((Date.now() - started) / 1000);
		log(`sqlite3 built in ${result.rebuildSeconds} s; checking it loads`);
		await run(
			nodeBin,
			['-e', "const s=require('sqlite3');const d=new s.Database(':memory:');d.get('select 1 as x',(e,r)=>{if(e||r.x!==1)process.exit(1);d.close()})"],
			dir, npmLog, 60_000, log, () => 'checking',
		);
		await run(nodeBin, [n8nBin(dir), '--version'], dir, npmLog, 120_000, log, () => 'checking');
		writeFileSync(markerPath(dir), JSON.stringify({
			version: N8N_VERSION, node: nodeBin, at: new Date().toISOString(),
			installSeconds: result.installSeconds, rebuildSeconds: result.rebuildSeconds,
		}, null, 2));
		log(`ready: ${result.bin}`);
		return result;
	} finally {
		release();
	}
}

function countPackages(nodeModules: string): number {
	try {
		let n = 0;
		for (const entry of readdirSync(nodeModules)) {
			if (entry.startsWith('.')) continue;
			n += entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).length : 1;
		}
		return n;
	} catch {
		return 0;
	}
}

/** Runs a command, output to a log file, a heartbeat line every 20 s, killed after `timeoutMs`. */
function run(
	cmd: string, args: string[], cwd: string, logFile: string, timeoutMs: number, log: Log,
	progress: () => string, extraEnv: Record<string, string> = {},
): Promise<void> {
	appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
	return new Promise((resolvePromise, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env: childEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
		let tail = '';
		const onData = (chunk: Buffer) => {
			appendFileSync(logFile, chunk);
			tail = (tail + chunk.toString()).slice(-4000);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const beat = setInterval(() => log(`  ${Math.round((Date.now() - started) / 1000)} s, ${progress()}`), 20_000);
		const timer = setTimeout(() => {
			log(`  ${cmd} took longer than ${timeoutMs / 60_000} min; stopping it`);
			child.kill('SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearInterval(beat);
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearInterval(beat);
			clearTimeout(timer);
			if (code === 0) resolvePromise();
			else reject(new Error(`${cmd} ${args[0]} failed (${signal ?? `exit ${code}`}); full log: ${logFile}\n${tail}`));
		});
	});
}

/** One provisioner at a time per folder (npm start and the e2e suite may race); stale locks are taken over. */
async function lock(dir: string, log: Log): Promise<() => void> {
	const lockDir = `${dir}.lock`;
	mkdirSync(join(dir, '..'), { recursive: true });
	const deadline = Date.now() + LOCK_WAIT_MS;
	let told = false;
	while (Date.now() < deadline) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, 'pid'), String(process.pid));
			return () => rmSync(lockDir, { recursive: true, force: true });
		} catch {
			const pid = Number(readFileSafe(join(lockDir, 'pid')));
			if (!pid || !alive(pid)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!told) log(`another process (pid ${pid}) is installing n8n; waiting for it`);
			told = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	throw new Error(`timed out waiting for the install lock ${lockDir}`);
}

function readFileSafe(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

if (import.meta.main) {
	provision().then(
		(r) => {
			if (r.reused) defaultLog(`reusing ${r.dir}`);
			else defaultLog(`installed in ${r.installSeconds ?? 0} s (npm install), ${r.rebuildSeconds} s (sqlite3 build)`);
		},
		(error: Error) => {
			process.stderr.write(`${error.message}\n`);
			process.exitCode = 1;
		},
	);
}
