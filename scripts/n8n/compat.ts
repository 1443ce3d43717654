// What differs between the n8n majors the scripts run (N8N_LP_N8N_VERSION), in one place. Found by running
// the e2e suite on n8n 1.123.81 (newest 1.x) and 2.41.1:
// - 2.x activates a workflow by publishing its current version (`POST /workflows/{id}/publish`); 1.x has
//   `POST /workflows/{id}/activate` / `deactivate`.
// - 1.x answers /healthz/readiness before its REST endpoints exist; it is ready once it logs
//   "Editor is now accessible".
// - 2.x has an mcp-registry module worth disabling (it only fetches a list from n8n's cloud); 1.x refuses
//   to start when N8N_DISABLED_MODULES names a module it does not know.
// - 1.x's public API checks credential data against a JSON schema in which, for every credential type that
//   makes HTTP requests, `allowedHttpRequestDomains` must be set (else it demands `allowedDomains`), and
//   which refuses it for the other types: it is added where the type's schema lists it.
// - 1.x's n8n-nodes-base depends on `xlsx` from SheetJS's CDN, which is not reachable here: npm's
//   `overrides` swap in the registry's @e965/xlsx, a republication of the same SheetJS release.
// - n8n 1.x's default expression engine needs isolated-vm, whose prebuilt binaries start at Node 24:
//   on older Node it runs with N8N_EXPRESSION_ENGINE=legacy.
import { N8N_MAJOR, NODE_MAJOR } from './paths.ts';

export interface ActivationPaths {
	activate: string;
	deactivate: string;
}

/** Public-API paths (under /api/v1/workflows/{id}) that activate and deactivate a workflow. */
export function activationPaths(major = N8N_MAJOR): ActivationPaths {
	return major >= 2 ? { activate: 'publish', deactivate: 'unpublish' } : { activate: 'activate', deactivate: 'deactivate' };
}

/** A line n8n prints once its editor and REST API answer, when /healthz/readiness alone is not enough. */
export function readyLine(major = N8N_MAJOR): RegExp | undefined {
	return major >= 2 ? undefined : /Editor is now accessible/;
}

/** Environment that differs by n8n major and by the Node running it. */
export function versionEnv(major = N8N_MAJOR, nodeMajor = NODE_MAJOR): Record<string, string> {
	const env: Record<string, string> = {};
	if (major >= 2) env.N8N_DISABLED_MODULES = 'mcp-registry';
	if (major < 2 && nodeMajor < 24) env.N8N_EXPRESSION_ENGINE = 'legacy';
	return env;
}

/**
 * Fields credential data needs, when created through n8n's public API, if the credential type's schema
 * (GET /api/v1/credentials/schema/{type}) lists them.
 */
export function schemaDependentCredentialFields(major = N8N_MAJOR): Record<string, unknown> {
	return major >= 2 ? {} : { allowedHttpRequestDomains: 'all' };
}

/** npm `overrides` for the install folder's package.json. */
export function installOverrides(major = N8N_MAJOR): Record<string, string> {
	return major >= 2 ? {} : { xlsx: 'npm:@e965/xlsx@0.20.2' };
}
