// `npm run build` (tsc + assets into dist/), quiet unless it fails.
import { spawn } from 'node:child_process';
import { repoRoot } from './paths.ts';

export function buildPackage(timeoutMs = 5 * 60_000): Promise<number> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve(Math.round((Date.now() - started) / 100) / 10);
			else reject(new Error(`npm run build failed (exit ${code}):\n${output.slice(-4000)}`));
		});
	});
}
