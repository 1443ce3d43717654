import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type { ICredentialType, INodeType } from 'n8n-workflow';

/** The package root (bench/..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const requireFromRoot = createRequire(`${ROOT}package.json`);

/**
 * A module of the BUILT package (`npm run build`), never `nodes/` source: benchmarks measure what
 * ships. Loaded with require, so it shares the CommonJS n8n-workflow that n8n-core uses.
 */
export function fromDist<T>(path: string): T {
	const full = `${ROOT}dist/${path}`;
	if (!existsSync(full)) throw new Error(`dist/${path} is missing: run npm run build`);
	return requireFromRoot(full) as T;
}

type Constructor<T> = new () => T;

export function distNode(path: string, exportName: string): INodeType {
	const module = fromDist<Record<string, Constructor<INodeType>>>(path);
	return new module[exportName]();
}

export function distCredential(path: string, exportName: string): ICredentialType {
	const module = fromDist<Record<string, Constructor<ICredentialType>>>(path);
	return new module[exportName]();
}

/** Whether the built file exists (a suite whose piece has not landed reports "not run"). */
export function hasDist(path: string): boolean {
	return existsSync(`${ROOT}dist/${path}`);
}
