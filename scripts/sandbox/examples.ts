// The example workflows from examples/, and how the sandbox points them at its fakes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowJson } from '../n8n/api.ts';
import { repoRoot } from '../n8n/paths.ts';
import { CANVAS_DEMO_HOST, NEW_LEARNERS_TEAM_ID } from './constants.ts';

export const PACKAGE = 'n8n-nodes-learning-platforms';
export const examplesDir = join(repoRoot, 'examples');

export type Node = Record<string, unknown> & {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
};

export interface Example {
	file: string;
	workflow: Omit<WorkflowJson, 'nodes'> & { nodes: Node[] };
}

export function loadExamples(): Example[] {
	return readdirSync(examplesDir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) }));
}

/** The credential type a node of this package needs, if any. */
export function credentialTypeOf(node: Node): string | undefined {
	if (node.type === `${PACKAGE}.thoughtIndustries`) return 'thoughtIndustriesApi';
	if (node.type === `${PACKAGE}.academyOcean`) return 'academyOceanOAuth2Api';
	if (node.type === `${PACKAGE}.learningPlatformTrigger` && node.parameters.source !== 'canvas') return 'academyOceanWebhookApi';
	return undefined;
}

export interface SandboxTargets {
	jwksUrl: string;
	/** credential type -> { id, name } in n8n */
	credentials: Record<string, { id: string; name: string }>;
}

/** A copy of the workflow using the sandbox's credentials, its fake JWKS and its demo team. */
export function forSandbox(workflow: Example['workflow'], targets: SandboxTargets): Example['workflow'] {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		const type = credentialTypeOf(node);
		if (type) node.credentials = { [type]: targets.credentials[type] };
		if (node.type === `${PACKAGE}.learningPlatformTrigger` && node.parameters.source === 'canvas') {
			node.parameters.options = { ...(node.parameters.options as object), jwksUrl: targets.jwksUrl };
			if (node.parameters.allowedCanvasHosts !== undefined) node.parameters.allowedCanvasHosts = CANVAS_DEMO_HOST;
		}
		if (node.type === `${PACKAGE}.academyOcean` && node.parameters.operation === 'addLearners') {
			// Version 2 picks teams in a multi-select (a list of IDs), version 1 typed them.
			node.parameters.teams = Array.isArray(node.parameters.teams) ? [NEW_LEARNERS_TEAM_ID] : NEW_LEARNERS_TEAM_ID;
		}
	}
	return copy;
}

/** Production webhook URL of each trigger node that has a webhookId: `<base>/webhook/<id>/webhook`. */
export function webhookUrls(workflow: Example['workflow'], baseUrl: string): Array<{ node: Node; url: string }> {
	const triggers = workflow.nodes.filter((node) => node.type === `${PACKAGE}.learningPlatformTrigger` && node.webhookId);
	return triggers.map((node) => ({ node, url: `${baseUrl}/webhook/${node.webhookId}/webhook` }));
}
