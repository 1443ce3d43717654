// Installs this folder's pinned tools (package-lock.json here) on first use: `npm ci --ignore-scripts`,
// in this folder only, so they never enter the package's own dependency tree.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function ensureTools() {
	const marker = join(here, 'node_modules', '.package-lock.json');
	const lock = join(here, 'package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
	process.stdout.write('installing the package-check tools (npm ci --ignore-scripts in scripts/package-check)\n');
	execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' });
}
