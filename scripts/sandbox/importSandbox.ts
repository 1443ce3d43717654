// Puts the sandbox into a running n8n: one credential per platform pointing at the fakes, and the
// example workflows, published. Idempotent: a second run updates what the first created (by id,
// recorded in the returned record) instead of adding copies, and leaves unchanged workflows alone.
import type { N8nApi } from '../n8n/api.ts';
import { ACADEMY_OCEAN_CLIENT_ID } from './constants.ts';
import { forSandbox, loadExamples, webhookUrls } from './examples.ts';
import type { SandboxSecrets } from './secrets.ts';

export interface FakeUrls {
	academyOcean: string;
	thoughtIndustries: string;
	canvasJwks: string;
}

export interface SandboxRecord {
	urls: FakeUrls;
	credentials: Record<string, string>;
	workflows: Array<{ file: string; id: string; name: string; webhooks: Array<{ node: string; url: string }> }>;
}

function credentialDefinitions(urls: FakeUrls, secrets: SandboxSecrets): Record<string, { name: string; data: Record<string, unknown> }> {
	return {
		academyOceanOAuth2Api: {
			name: 'Sandbox AcademyOcean',
			data: { clientId: ACADEMY_OCEAN_CLIENT_ID, clientSecret: secrets.academyOceanClientSecret, baseUrl: urls.academyOcean },
		},
		academyOceanWebhookApi: {
			name: 'Sandbox AcademyOcean webhooks',
			data: { secret: secrets.academyOceanWebhookSecret },
		},
		thoughtIndustriesApi: {
			name: 'Sandbox Thought Industries',
			data: { instanceUrl: urls.thoughtIndustries, apiKey: secrets.thoughtIndustriesApiKey, jwtSecret: '' },
		},
	};
}

export async function importSandbox(
	api: N8nApi,
	urls: FakeUrls,
	secrets: SandboxSecrets,
	n8nUrl: string,
	previous?: SandboxRecord,
	log: (line: string) => void = () => {},
): Promise<SandboxRecord> {
	const urlsChanged = JSON.stringify(previous?.urls) !== JSON.stringify(urls);
	const credentials: Record<string, string> = {};
	const refs: Record<string, { id: string; name: string }> = {};
	for (const [type, { name, data }] of Object.entries(credentialDefinitions(urls, secrets))) {
		let id = previous?.credentials[type];
		if (id && urlsChanged) {
			try {
				await api.updateCredential(id, name, type, data);
			} catch {
				id = undefined;
			}
		}
		if (!id) {
			id = await api.createCredential(name, type, data);
			log(`created credential "${name}"`);
		}
		credentials[type] = id;
		refs[type] = { id, name };
	}

	const workflows: SandboxRecord['workflows'] = [];
	for (const example of loadExamples()) {
		const workflow = forSandbox(example.workflow, { jwksUrl: urls.canvasJwks, credentials: refs });
		const known = previous?.workflows.find((entry) => entry.file === example.file);
		let id = known?.id;
		const existing = id ? await api.getWorkflow(id) : undefined;
		if (!existing) {
			id = (await api.createWorkflow(workflow)).id;
			await api.publish(id);
			log(`imported and published "${workflow.name}"`);
		} else if (urlsChanged) {
			if (existing.active) await api.unpublish(existing.id);
			await api.updateWorkflow(existing.id, workflow);
			await api.publish(existing.id);
			log(`updated "${workflow.name}" for the new sandbox addresses`);
		}
		const webhooks = webhookUrls(workflow, n8nUrl).map(({ node, url }) => ({ node: node.name, url }));
		for (const { url } of webhooks) await api.waitForWebhook(url);
		workflows.push({ file: example.file, id: id as string, name: workflow.name, webhooks });
	}
	return { urls, credentials, workflows };
}
