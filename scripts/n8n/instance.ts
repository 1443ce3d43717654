// Starts a real n8n bound to 127.0.0.1 with this package loaded, waits until /healthz/readiness says
// the database is migrated (plain /healthz answers while n8n is still starting) and, on n8n 1.x, until it
// says its editor is accessible (see compat.ts); stops it cleanly.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readyLine, versionEnv } from './compat.ts';
import { childEnv, n8nBin, nodeBin } from './paths.ts';
import { freePort, isListening } from './ports.ts';

export type Log = (line: string) => void;

export interface StartOptions {
	/** N8N_USER_FOLDER: n8n keeps its SQLite database, settings and installed packages in `<it>/.n8n`. */
	userFolder: string;
	/** Defaults to a free port. */
	port?: number;
	bin?: string;
	env?: Record<string, string>;
	log?: Log;
	startTimeoutMs?: number;
}

export interface N8nInstance {
	url: string;
	port: number;
	brokerPort: number;
	userFolder: string;
	logFile: string;
	pid: number;
	/** Everything n8n printed so far. */
	output(): string;
	exited(): boolean;
	stop(): Promise<void>;
}

/** Lines of n8n's output worth showing while it starts (migrations are counted, not listed). */
const PROGRESS = /ready on|editor is now accessible|error|failed|warn|activat/i;
/** Expected on every start here: no Python virtualenv for the optional Python runner. */
const EXPECTED = /Python task runner/;

export function n8nEnv(userFolder: string, port: number, brokerPort: number, extra: Record<string, string> = {}) {
	const url = `http://127.0.0.1:${port}`;
	return childEnv({
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${url}/`,
		WEBHOOK_URL: `${url}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// No calls home: telemetry, version checks, templates, banners, AI, verified-package lists.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'text',
		NO_COLOR: '1',
		...versionEnv(),
		...extra,
	});
}

export async function startN8n(options: StartOptions): Promise<N8nInstance> {
	const log = options.log ?? (() => {});
	const port = options.port ?? (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	mkdirSync(options.userFolder, { recursive: true });
	const logFile = join(options.userFolder, 'n8n.log');
	const logStream = createWriteStream(logFile, { flags: 'a' });
	const url = `http://127.0.0.1:${port}`;

	// N8N_CPU_PROF_DIR=<dir>: n8n writes a V8 CPU profile there when it stops (Node refuses --cpu-prof in NODE_OPTIONS).
	const profile = process.env.N8N_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.N8N_CPU_PROF_DIR}`] : [];
	// Its own process group, so that stopping it also stops the task runner it spawns.
	const child = spawn(nodeBin, [...profile, options.bin ?? n8nBin(), 'start'], {
		cwd: options.userFolder,
		env: n8nEnv(options.userFolder, port, brokerPort, options.env),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error('could not spawn n8n');
	let text = '';
	let exitCode: number | null | undefined;
	const exitedPromise = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code ?? (signal ? -1 : 0);
			resolve();
		});
	});
	const killOnExit = () => killGroup(pid, 'SIGKILL');
	process.on('exit', killOnExit);
	let partial = '';
	let migrations = 0;
	let toldMigrations = false;
	const onData = (chunk: Buffer) => {
		logStream.write(chunk);
		const chunkText = chunk.toString();
		text += chunkText;
		const lines = (partial + chunkText).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) {
			if (/^Finished migration/i.test(line.trim())) migrations += 1;
			else if (/^Starting migration/i.test(line.trim())) {
				if (migrations === 0 && !toldMigrations) log('n8n: creating its database (first start only)');
				toldMigrations = true;
			} else if (PROGRESS.test(line) && !EXPECTED.test(line)) log(`n8n: ${line.trim()}`);
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);

	const instance: N8nInstance = {
		url,
		port,
		brokerPort,
		userFolder: options.userFolder,
		logFile,
		pid,
		output: () => text,
		exited: () => exitCode !== undefined,
		async stop() {
			if (exitCode === undefined) {
				killGroup(pid, 'SIGTERM');
				const timer = new Promise((resolve) => setTimeout(resolve, 20_000, 'timeout'));
				if ((await Promise.race([exitedPromise, timer])) === 'timeout') log('n8n did not stop in 20 s; killing it');
			}
			// Whatever is left of the group (the task runner), and n8n itself if it hung.
			killGroup(pid, 'SIGKILL');
			await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 5000))]);
			process.off('exit', killOnExit);
			logStream.end();
			for (let i = 0; i < 50 && ((await isListening(port)) || (await isListening(brokerPort))); i += 1) {
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		},
	};

	const started = Date.now();
	const deadline = started + (options.startTimeoutMs ?? 5 * 60_000);
	let lastBeat = started;
	while (Date.now() < deadline) {
		if (exitCode !== undefined) {
			throw new Error(`n8n exited (code ${exitCode}) before it was ready; log: ${logFile}\n${text.slice(-3000)}`);
		}
		const line = readyLine();
		if ((!line || line.test(text)) && (await healthy(url))) return instance;
		if (Date.now() - lastBeat >= 15_000) {
			lastBeat = Date.now();
			const done = migrations ? `, ${migrations} database migrations done` : '';
			log(`n8n still starting (${Math.round((lastBeat - started) / 1000)} s${done})`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await instance.stop();
	throw new Error(`n8n was not ready within ${Math.round((deadline - started) / 1000)} s; log: ${logFile}`);
}

async function healthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
		await response.body?.cancel();
		return response.ok;
	} catch {
		return false;
	}
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}
