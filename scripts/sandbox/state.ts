// What `npm start` remembers between runs (git-ignored): the API key, the imported ids and addresses.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sandboxRoot, userFolderSuffix } from '../n8n/paths.ts';
import type { SandboxRecord } from './importSandbox.ts';
import type { SandboxSecrets } from './secrets.ts';

export interface SandboxState {
	secrets: SandboxSecrets;
	n8nUrl?: string;
	apiKey?: string;
	record?: SandboxRecord;
}

/**
 * `N8N_LP_SANDBOX_DIR`, else `.n8n-sandbox/sandbox` in the repo (`sandbox-<version>` for an n8n other than
 * the default, whose database it could not open); it is n8n's N8N_USER_FOLDER.
 */
export function sandboxDir(): string {
	return process.env.N8N_LP_SANDBOX_DIR ? resolve(process.env.N8N_LP_SANDBOX_DIR) : join(sandboxRoot, `sandbox${userFolderSuffix()}`);
}

export const canvasKeyFile = (dir = sandboxDir()) => join(dir, 'canvas-signing-key.pem');
const stateFile = (dir: string) => join(dir, 'sandbox.json');

export function loadState(dir = sandboxDir()): SandboxState | undefined {
	if (!existsSync(stateFile(dir))) return undefined;
	try {
		return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as SandboxState;
	} catch {
		return undefined;
	}
}

export function saveState(state: SandboxState, dir = sandboxDir()): void {
	mkdirSync(dir, { recursive: true });
	writeFileSync(stateFile(dir), JSON.stringify(state, null, 2), { mode: 0o600 });
}
