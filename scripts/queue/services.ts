// Postgres and Redis for a queue-mode n8n on 127.0.0.1, from what the machine has: Debian's `postgresql`
// and `redis-server`, installed with apt-get on first use when missing (root only; CI runs as root).
// Postgres refuses to run as root, so as root its commands run as the `postgres` user the Debian package
// creates (setpriv, which execs in place, so signals reach the server itself).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, isListening } from '../n8n/ports.ts';

export type Log = (line: string) => void;

const isRoot = () => process.getuid?.() === 0;

function findPostgresBin(): string | undefined {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return undefined;
	const versions = readdirSync(base).filter((entry) => existsSync(join(base, entry, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(base, versions[0], 'bin') : undefined;
}

function which(command: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

/** apt-get install, with `apt-get update` first when the package lists are missing (a fresh machine). */
function aptInstall(packages: string[], log: Log): void {
	if (!isRoot()) {
		throw new Error(`${packages.join(' and ')} missing: install them (sudo apt-get install -y ${packages.join(' ')}) and run again`);
	}
	const apt = (args: string[]) =>
		spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], {
			encoding: 'utf8',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeout: 20 * 60_000,
		});
	log(`installing ${packages.join(', ')} with apt-get (first use only)`);
	let result = apt(['install', '-y', '--no-install-recommends', ...packages]);
	if (result.status !== 0) {
		log('apt-get install failed; updating the package lists and trying again');
		apt(['update']);
		result = apt(['install', '-y', '--no-install-recommends', ...packages]);
	}
	if (result.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
}

export interface ServiceBinaries {
	postgresBin: string;
	redisServer: string;
}

/** The Postgres and Redis binaries, installed from Debian's packages when missing. */
export function ensureServiceBinaries(log: Log): ServiceBinaries {
	const missing: string[] = [];
	if (!findPostgresBin()) missing.push('postgresql');
	if (!which('redis-server')) missing.push('redis-server');
	if (missing.length) aptInstall(missing, log);
	const postgresBin = findPostgresBin();
	const redisServer = which('redis-server');
	if (!postgresBin || !redisServer) throw new Error('Postgres or Redis is still missing after installing them');
	return { postgresBin, redisServer };
}

/** Whether every folder above `dir` lets another user through (Postgres runs as `postgres` when we are root). */
function reachableByOthers(dir: string): boolean {
	for (let current = dirname(resolve(dir)); ; current = dirname(current)) {
		if (existsSync(current) && !(statSync(current).mode & 0o001)) return false;
		if (current === dirname(current)) return true;
	}
}

export interface Service {
	port: number;
	pid: number;
	stop(): Promise<void>;
}

function serviceProcess(child: ChildProcess, port: number, name: string, stopSignal: NodeJS.Signals): Service {
	const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
	const pid = child.pid as number;
	const kill = (signal: NodeJS.Signals) => {
		try {
			process.kill(-pid, signal);
		} catch {
			// gone already
		}
	};
	const killOnExit = () => kill('SIGKILL');
	process.on('exit', killOnExit);
	return {
		port,
		pid,
		async stop() {
			kill(stopSignal);
			const timer = new Promise((resolveTimer) => setTimeout(resolveTimer, 20_000, 'timeout'));
			if ((await Promise.race([exited, timer])) === 'timeout') kill('SIGKILL');
			await Promise.race([exited, new Promise((resolveTimer) => setTimeout(resolveTimer, 5000))]);
			process.off('exit', killOnExit);
			for (let i = 0; i < 50 && (await isListening(port)); i++) await new Promise((resolveWait) => setTimeout(resolveWait, 100));
			if (await isListening(port)) throw new Error(`${name} still listens on ${port} after stopping`);
		},
	};
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, exited: () => boolean, logFile: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (exited()) throw new Error(`${what} exited while starting; see ${logFile}`);
		if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs / 1000} s; see ${logFile}`);
		await new Promise((resolveWait) => setTimeout(resolveWait, 200));
	}
}

export interface PostgresOptions {
	bin: string;
	/** Keeps the database between runs when given (npm start); a fresh temporary one otherwise. */
	dataDir?: string;
	port?: number;
	user: string;
	password: string;
	database: string;
	log: Log;
}

/**
 * A Postgres server on 127.0.0.1 (TCP only, its socket in a private folder), with a password user and
 * a database for n8n. Data in `dataDir` (created on first use) or in a temporary folder that is
 * removed when it stops.
 */
export async function startPostgres(options: PostgresOptions): Promise<Service> {
	const asRoot = isRoot();
	let dataDir = options.dataDir ? resolve(options.dataDir) : '';
	const temporary = !dataDir;
	if (!dataDir || (asRoot && !reachableByOthers(dataDir))) {
		dataDir = join(tmpdir(), `n8n-lp-postgres-${process.pid}-${Date.now()}`);
		if (!temporary) options.log(`  the database goes to ${dataDir}: the postgres user cannot reach ${options.dataDir}`);
	}
	const root = dirname(dataDir);
	const socketDir = `${dataDir}-socket`;
	const logFile = `${dataDir}.log`;
	mkdirSync(root, { recursive: true });
	mkdirSync(socketDir, { recursive: true });
	const owner = asRoot ? (spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim() || undefined) : undefined;
	if (asRoot && !owner) throw new Error('Postgres refuses to run as root and there is no postgres user to run it as');
	const ownedBy = (path: string) => {
		if (owner) chownSync(path, Number(owner), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
	};
	ownedBy(socketDir);
	const asPostgres = (command: string, args: string[]) =>
		asRoot ? { command: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args] } : { command, args };

	if (!existsSync(join(dataDir, 'PG_VERSION'))) {
		rmSync(dataDir, { recursive: true, force: true });
		mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		ownedBy(dataDir);
		const passwordFile = `${dataDir}.pw`;
		writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
		ownedBy(passwordFile);
		const init = asPostgres(join(options.bin, 'initdb'), [
			'-D', dataDir, '-U', options.user, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-sync',
		]);
		const result = spawnSync(init.command, init.args, { encoding: 'utf8', timeout: 120_000 });
		rmSync(passwordFile, { force: true });
		if (result.status !== 0) throw new Error(`initdb failed:\n${(result.stderr || result.stdout).slice(-2000)}`);
	}

	const port = options.port ?? (await freePort());
	const server = asPostgres(join(options.bin, 'postgres'), [
		'-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1',
		// A sandbox and test database: no fsync (nothing here outlives a crash of the machine).
		'-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
	]);
	const logStream = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(server.command, server.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	child.stdout?.pipe(logStream);
	child.stderr?.pipe(logStream);
	let exited = false;
	child.once('exit', () => (exited = true));
	// SIGINT is Postgres's "fast" shutdown: sessions are ended, the data is written out.
	const service = serviceProcess(child, port, 'Postgres', 'SIGINT');
	const stop = service.stop;
	service.stop = async () => {
		await stop();
		if (temporary) rmSync(dataDir, { recursive: true, force: true });
		rmSync(socketDir, { recursive: true, force: true });
	};
	try {
		await waitUntil('Postgres', () => isListening(port), () => exited, logFile);
		const env = { ...process.env, PGPASSWORD: options.password };
		const exists = spawnSync(join(options.bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', options.user, '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${options.database}'`], { encoding: 'utf8', env });
		if (exists.status !== 0) throw new Error(`could not reach Postgres: ${exists.stderr}`);
		if (exists.stdout.trim() !== '1') {
			const created = spawnSync(join(options.bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', options.user, options.database], { encoding: 'utf8', env });
			if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
		}
	} catch (error) {
		await service.stop().catch(() => undefined);
		throw error;
	}
	return service;
}

export interface RedisOptions {
	redisServer: string;
	port?: number;
	dir: string;
	log: Log;
}

/** A Redis server on 127.0.0.1 that keeps nothing on disk (the queue is transient). */
export async function startRedis(options: RedisOptions): Promise<Service> {
	mkdirSync(options.dir, { recursive: true });
	const port = options.port ?? (await freePort());
	const logFile = join(options.dir, 'redis.log');
	const child = spawn(
		options.redisServer,
		['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', options.dir, '--protected-mode', 'yes', '--logfile', logFile],
		{ stdio: 'ignore', detached: true },
	);
	let exited = false;
	child.once('exit', () => (exited = true));
	const service = serviceProcess(child, port, 'Redis', 'SIGTERM');
	try {
		await waitUntil('Redis', () => isListening(port), () => exited, logFile);
	} catch (error) {
		await service.stop().catch(() => undefined);
		throw error;
	}
	return service;
}

/** Makes a folder writable by everyone's processes started from here (n8n, Redis) without opening it up. */
export function privateDir(path: string): string {
	mkdirSync(path, { recursive: true });
	chmodSync(path, 0o700);
	return path;
}
