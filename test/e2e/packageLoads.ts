// The built package inside a real n8n: every node and credential registered, nothing refused in the log.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../scripts/n8n/paths.ts';
import { readPackageJson } from '../../scripts/n8n/stagePackage.ts';
import { environment } from './environment.ts';

const require = createRequire(import.meta.url);

/** What the built files declare: node type names (plus the AI-tool variant n8n derives) and credential names. */
function declared() {
	const pkg = readPackageJson();
	const firstExport = (file: string) => Object.values(require(join(repoRoot, file)) as Record<string, new () => unknown>)[0];
	const nodes = pkg.n8n.nodes.flatMap((file) => {
		const { description } = new (firstExport(file))() as { description: { name: string; usableAsTool?: boolean } };
		const name = `${pkg.name}.${description.name}`;
		return description.usableAsTool ? [name, `${name}Tool`] : [name];
	});
	const credentials = pkg.n8n.credentials.map((file) => (new (firstExport(file))() as { name: string }).name);
	return { nodes, credentials };
}

export function packageLoads(): void {
	describe('the package in a real n8n', () => {
		it('registers every node (and its AI tool variant) and every credential', async () => {
			const expected = declared();
			assert.ok(expected.nodes.length >= 3 && expected.credentials.length >= 3);
			const types = await environment().api.types();
			const nodeNames = new Set(types.nodes.map((node) => node.name));
			const credentialNames = new Set(types.credentials.map((credential) => credential.name));
			assert.deepEqual(expected.nodes.filter((name) => !nodeNames.has(name)), [], 'nodes missing in n8n');
			assert.deepEqual(expected.credentials.filter((name) => !credentialNames.has(name)), [], 'credentials missing in n8n');
		});

		it('loads without errors or warnings about the package in the n8n log', () => {
			const { name } = readPackageJson();
			const lines = environment().n8n.output().split('\n');
			const refused = lines.filter((line) => /Failed to load package|Skipping package|failed to load package metadata/i.test(line));
			const ours = lines.filter((line) => line.includes(name) && /error|warn|fail|invalid/i.test(line));
			assert.deepEqual([...refused, ...ours], []);
		});

		it('imported every example workflow and published it', async () => {
			const { record, api } = environment();
			assert.equal(record.workflows.length, 3);
			for (const { id, name } of record.workflows) {
				const workflow = await api.getWorkflow(id);
				assert.equal(workflow?.active, true, `${name} is not active`);
			}
		});
	});
}
