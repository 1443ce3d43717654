// One n8n process of a queue-mode cluster (`n8n start`, `n8n webhook` or `n8n worker`): spawned in its
// own process group (its task runner goes with it), its output in a log file, ready when its health
// endpoint says so, stopped with SIGTERM or killed with any signal (the fault tests use SIGKILL).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { n8nEnv } from '../n8n/instance.ts';
import { n8nBin, nodeBin } from '../n8n/paths.ts';
import { isListening } from '../n8n/ports.ts';

export type N8nCommand = 'start' | 'webhook' | 'worker';

export interface N8nProcessOptions {
	name: string;
	command: N8nCommand;
	userFolder: string;
	/** The port its HTTP server listens on: the editor/API (start), webhooks (webhook), health (worker). */
	port: number;
	brokerPort: number;
	env: Record<string, string>;
	bin?: string;
	args?: string[];
	log?: (line: string) => void;
	startTimeoutMs?: number;
}

export interface N8nProcess {
	name: string;
	command: N8nCommand;
	port: number;
	url: string;
	logFile: string;
	pid: number;
	output(): string;
	exited(): boolean;
	/** SIGTERM, then SIGKILL after 20 s; waits until its ports are free. */
	stop(): Promise<void>;
	/** Sends `signal` to the whole process group at once (no graceful shutdown with SIGKILL). */
	kill(signal: NodeJS.Signals): Promise<void>;
}

const PROGRESS = /error|failed|warn/i;
const EXPECTED = /Python task runner|Could not fetch|license|telemetry|migration|DeprecationWarning|trace-deprecation|ECONNREFUSED.*(?:api\.n8n|n8n\.io)/i;

export async function startN8nProcess(options: N8nProcessOptions): Promise<N8nProcess> {
	mkdirSync(options.userFolder, { recursive: true });
	const logFile = join(options.userFolder, `${options.name}.log`);
	const logStream = createWriteStream(logFile, { flags: 'a' });
	const url = `http://127.0.0.1:${options.port}`;
	const env = n8nEnv(options.userFolder, options.port, options.brokerPort, options.env);
	const child = spawn(nodeBin, [options.bin ?? n8nBin(), options.command, ...(options.args ?? [])], {
		cwd: options.userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error(`could not spawn n8n ${options.command}`);
	let text = '';
	let exitCode: number | undefined;
	const exitedPromise = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code ?? (signal ? -1 : 0);
			resolve();
		});
	});
	const group = (signal: NodeJS.Signals) => {
		try {
			process.kill(-pid, signal);
		} catch {
			// gone already
		}
	};
	const killOnExit = () => group('SIGKILL');
	process.on('exit', killOnExit);
	const onData = (chunk: Buffer) => {
		logStream.write(chunk);
		// Keep the last 200 kB: tests read recent lines (which worker ran an execution).
		text = (text + chunk.toString()).slice(-200_000);
		for (const line of chunk.toString().split('\n')) {
			if (PROGRESS.test(line) && !EXPECTED.test(line)) options.log?.(`${options.name}: ${line.trim()}`);
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const waitForPortsFree = async () => {
		for (let i = 0; i < 50 && ((await isListening(options.port)) || (await isListening(options.brokerPort))); i++) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	};
	const instance: N8nProcess = {
		name: options.name,
		command: options.command,
		port: options.port,
		url,
		logFile,
		pid,
		output: () => text,
		exited: () => exitCode !== undefined,
		async stop() {
			if (exitCode === undefined) {
				group('SIGTERM');
				const timer = new Promise((resolve) => setTimeout(resolve, 20_000, 'timeout'));
				if ((await Promise.race([exitedPromise, timer])) === 'timeout') options.log?.(`${options.name} did not stop in 20 s; killing it`);
			}
			group('SIGKILL');
			await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 5000))]);
			process.off('exit', killOnExit);
			logStream.end();
			await waitForPortsFree();
		},
		async kill(signal) {
			group(signal);
			await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 10_000))]);
			if (signal === 'SIGKILL' || exitCode !== undefined) {
				process.off('exit', killOnExit);
				logStream.end();
				await waitForPortsFree();
			}
		},
	};

	const deadline = Date.now() + (options.startTimeoutMs ?? 5 * 60_000);
	while (Date.now() < deadline) {
		if (exitCode !== undefined) {
			throw new Error(`n8n ${options.command} (${options.name}) exited (code ${exitCode}) before it was ready; log: ${logFile}\n${text.slice(-3000)}`);
		}
		if (await ready(url)) return instance;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	await instance.stop();
	throw new Error(`n8n ${options.command} (${options.name}) was not ready in time; log: ${logFile}`);
}

async function ready(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
		await response.body?.cancel();
		return response.ok;
	} catch {
		return false;
	}
}
