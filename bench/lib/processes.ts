import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Every benchmark process loads this first (see register.mjs). */
export const REGISTER = fileURLToPath(new URL('./register.mjs', import.meta.url));
const FAKE_HOST = fileURLToPath(new URL('../servers/fakeHost.ts', import.meta.url));

export const CHILD_EXEC_ARGV = [
	'--import',
	REGISTER,
	'--expose-gc',
	'--disable-warning=ExperimentalWarning',
	// Benchmarks are .ts ES modules in a package without "type": they load as ES modules anyway.
	'--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
];

interface Reply {
	id: number;
	ok: boolean;
	value?: unknown;
	error?: string;
}

/** A fake platform server in its own process, so it has its own core and does not share the client's event loop. */
export class FakeProcess {
	readonly url: string;
	private readonly child: ChildProcess;
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

	private constructor(child: ChildProcess, url: string) {
		this.child = child;
		this.url = url;
		child.on('message', (message: Reply) => {
			const waiting = this.pending.get(message.id);
			if (!waiting) return;
			this.pending.delete(message.id);
			if (message.ok) waiting.resolve(message.value);
			else waiting.reject(new Error(message.error));
		});
	}

	/** Starts `kind` (see servers/fakeHost.ts) and resolves once it listens on 127.0.0.1. */
	static async start(kind: string, options: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<FakeProcess> {
		const child = fork(FAKE_HOST, [kind, JSON.stringify(options)], {
			execArgv: CHILD_EXEC_ARGV,
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`fake ${kind} did not start within ${timeoutMs} ms`));
			}, timeoutMs);
			child.once('message', (message: { listening?: string; error?: string }) => {
				clearTimeout(timer);
				if (message.listening) resolve(message.listening);
				else reject(new Error(message.error ?? `fake ${kind} failed to start`));
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`fake ${kind} exited with ${code} before listening`));
			});
		});
		return new FakeProcess(child, url);
	}

	/** Sends a command to the fake's process and resolves with its answer. */
	call<T = unknown>(command: string, argument?: unknown, timeoutMs = 30_000): Promise<T> {
		const id = this.nextId++;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`fake command ${command} timed out`));
			}, timeoutMs);
			this.pending.set(id, {
				resolve: (value) => {
					clearTimeout(timer);
					resolve(value as T);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			});
			this.child.send({ id, command, argument });
		});
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		try {
			await this.call('stop', undefined, 5000);
		} catch {
			this.child.kill('SIGKILL');
		}
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
	}
}

export interface ChildRun<T> {
	value?: T;
	error?: string;
	exitCode: number | null;
	ms: number;
}

/**
 * Runs a benchmark script in its own Node process and resolves with what it reported through
 * `report()`. The process is killed (it and nothing else) when it exceeds `timeoutMs`.
 */
export function runChild<T>(
	script: string,
	args: string[],
	options: { timeoutMs: number; execArgv?: string[] },
): Promise<ChildRun<T>> {
	const started = performance.now();
	const child = fork(script, args, {
		execArgv: [...CHILD_EXEC_ARGV, ...(options.execArgv ?? [])],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let value: T | undefined;
	let error: string | undefined;
	child.on('message', (message: { result?: T; error?: string }) => {
		if ('result' in message) value = message.result;
		if (message.error) error = message.error;
	});
	const timer = setTimeout(() => {
		error = `timed out after ${Math.round(options.timeoutMs / 1000)} s`;
		// SIGTERM first, so that a suite which started n8n stops it on its way out (childMain exits on
		// SIGTERM, and scripts/n8n/instance.ts kills n8n's process group on exit); SIGKILL if it lingers.
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
	}, options.timeoutMs);
	return new Promise((resolve) => {
		child.once('exit', (code) => {
			clearTimeout(timer);
			if (value === undefined && !error) error = `exited with code ${code} without a result`;
			resolve({ value, error, exitCode: code, ms: performance.now() - started });
		});
	});
}

/** In a child started by runChild: hands the result to the parent and lets the process end. */
export async function report(result: unknown): Promise<void> {
	await new Promise<void>((resolve) => {
		if (!process.send) {
			process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
			resolve();
			return;
		}
		process.send({ result }, () => resolve());
	});
	process.disconnect?.();
}

/** In a child started by runChild: runs `main`, reports its result or its error, then exits. */
export function childMain(main: () => Promise<unknown>): void {
	// Exit (running 'exit' listeners, which stop any n8n the suite started) rather than die silently.
	process.once('SIGTERM', () => process.exit(143));
	main().then(
		async (result) => {
			await report(result);
			process.exit(0);
		},
		(error: Error) => {
			process.stderr.write(`${error.stack ?? error.message}\n`);
			const done = () => process.exit(1);
			if (process.send) process.send({ error: error.message }, done);
			else done();
		},
	);
}

/** Progress for the person watching: one line on stderr. */
export function progress(message: string): void {
	process.stderr.write(`  ${message}\n`);
}
