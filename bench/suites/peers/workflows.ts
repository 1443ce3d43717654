/**
 * The workflows of bench/peers/ (importable as they are), made ready for one benchmark run: fresh
 * webhook ids and paths, the run's credentials, the fakes' addresses in place of the platforms', and
 * the parameters a scenario sets (e.g. the rate-limit options).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { ROOT } from '../../lib/dist.ts';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	[setting: string]: unknown;
}

export interface PeerWorkflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export const PEERS_DIR = `${ROOT}bench/peers`;

export function loadPeerWorkflow(file: string): PeerWorkflow {
	return JSON.parse(readFileSync(`${PEERS_DIR}/${file}`, 'utf8')) as PeerWorkflow;
}

/** The platforms' public addresses as the workflow files name them. */
export const PLATFORM_ORIGINS = {
	thoughtIndustries: 'https://acme.thoughtindustries.com',
	academyOcean: 'https://app.academyocean.com',
};

export interface Instance {
	workflow: PeerWorkflow;
	/** The production URL of its webhook (the first node that has a webhookId). */
	path: string;
}

function replaceDeep(value: unknown, replace: (text: string) => string): unknown {
	if (typeof value === 'string') return replace(value);
	if (Array.isArray(value)) return value.map((entry) => replaceDeep(entry, replace));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, replaceDeep(entry, replace)]));
	}
	return value;
}

export interface InstanceOptions {
	/** Credential type -> the credential created for this run. */
	credentials: Record<string, { id: string; name: string }>;
	/** Public origin -> the fake's origin. */
	origins?: Record<string, string>;
	/** Node name -> parameters merged into its parameters (one level deep for `options`). */
	parameters?: Record<string, Record<string, unknown>>;
	/** Node name -> node settings (retryOnFail, maxTries, waitBetweenTries, ...). */
	settings?: Record<string, Record<string, unknown>>;
	/** Appended to the workflow's name. */
	suffix?: string;
}

/** A copy ready to create in n8n, and the path of its production webhook (under /webhook/). */
export function instantiate(template: PeerWorkflow, options: InstanceOptions): Instance {
	const workflow = structuredClone(template);
	workflow.name = `${workflow.name}${options.suffix ? ` ${options.suffix}` : ''}`;
	let path = '';
	for (const node of workflow.nodes) {
		if (options.origins) {
			const origins = Object.entries(options.origins);
			node.parameters = replaceDeep(node.parameters, (text) =>
				origins.reduce((result, [from, to]) => result.split(from).join(to), text),
			) as Record<string, unknown>;
		}
		if (node.credentials) {
			for (const type of Object.keys(node.credentials)) {
				const credential = options.credentials[type];
				if (!credential) throw new Error(`no ${type} credential for node "${node.name}" of ${template.name}`);
				node.credentials[type] = credential;
			}
		}
		const patch = options.parameters?.[node.name];
		if (patch) {
			const merged: Record<string, unknown> = { ...node.parameters, ...patch };
			if (patch.options && typeof node.parameters.options === 'object') {
				merged.options = { ...(node.parameters.options as object), ...(patch.options as object) };
			}
			node.parameters = merged;
		}
		Object.assign(node, options.settings?.[node.name] ?? {});
		if (node.webhookId !== undefined) {
			node.webhookId = randomUUID();
			if (node.type === 'n8n-nodes-base.webhook') {
				node.parameters.path = node.webhookId;
				path ||= node.webhookId;
			} else {
				// A trigger that declares its webhook with path "webhook": n8n serves it at <webhookId>/webhook.
				path ||= `${node.webhookId}/webhook`;
			}
		}
	}
	if (!path) throw new Error(`${template.name} has no webhook node`);
	return { workflow, path };
}
