// Puts the built package where n8n looks for installed community packages:
// <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>/ (package.json + dist/), so n8n loads it exactly as
// it loads a package installed from the Community Nodes panel, with the real node type names
// (`n8n-nodes-learning-platforms.thoughtIndustries`). N8N_CUSTOM_EXTENSIONS would load the files as
// `CUSTOM.*` types instead, which the shipped example workflows do not use.
// A copy, not a symlink: Node resolves a symlink to the repo, whose own n8n-workflow would then be a
// second copy beside n8n's; from the copy, `require('n8n-workflow')` finds n8n's through NODE_PATH.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

export interface StagedPackage {
	name: string;
	dir: string;
	nodes: string[];
	credentials: string[];
}

interface PackageJson {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
	scripts?: Record<string, string>;
}

export function readPackageJson(): PackageJson {
	return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
}

export function stagePackage(userFolder: string): StagedPackage {
	const pkg = readPackageJson();
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		if (!existsSync(join(repoRoot, file))) throw new Error(`${file} is missing: run npm run build first`);
	}
	const dir = join(userFolder, '.n8n', 'nodes', 'node_modules', pkg.name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	cpSync(join(repoRoot, 'package.json'), join(dir, 'package.json'));
	cpSync(join(repoRoot, 'dist'), join(dir, 'dist'), {
		recursive: true,
		filter: (source) => !source.endsWith('.tsbuildinfo'),
	});
	return { name: pkg.name, dir, nodes: pkg.n8n.nodes, credentials: pkg.n8n.credentials };
}
