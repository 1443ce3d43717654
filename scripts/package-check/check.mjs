#!/usr/bin/env node
// What `npm publish` would ship, checked the way n8n checks a community package.
//   npm run build && npm run check:package     (installs its tools on first use, see tools.mjs)
//
// 1. `npm pack` into a temporary folder, and the file list: only what n8n loads (the compiled nodes and
//    credentials, their codex files and icons, package.json) plus README.md and LICENSE; every file
//    package.json's `n8n` section names is there; nothing else (no type declarations, source maps,
//    tsbuildinfo, dist/package.json, sources or tests).
// 2. The tarball unpacked and scanned with n8n's @n8n/scan-community-package `analyzePackage(dir)`, as its
//    CLI scans a published version: the whole package with the default patterns, and its "dist" leg
//    (`**/*.js` and package.json). Its CLI also scans the source its provenance points at: that is this
//    checkout (nodes/, credentials/, package.json), scanned third.
// Exits 1 on any failure; prints what failed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureTools } from './tools.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const failures = [];
const say = (line) => process.stdout.write(`${line}\n`);

/** Files a published n8n community package may contain besides what package.json's `n8n` section names. */
const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^dist\/(nodes|credentials)\/.+\.js$/,
	/^dist\/nodes\/.+\.node\.json$/,
	/^dist\/nodes\/.+\/__schema__\/.+\.json$/,
	/^dist\/(nodes|credentials|icons)\/.+\.(svg|png)$/,
];

ensureTools();
const { analyzePackage } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

const work = mkdtempSync(join(tmpdir(), 'package-check-'));
try {
	const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))[0];
	const files = packed.files.map((file) => file.path).sort();
	say(`npm pack: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`);

	const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
	if (unexpected.length) {
		const shown = unexpected.slice(0, 15).join(', ');
		failures.push(`the tarball carries ${unexpected.length} files n8n does not load: ${shown}${unexpected.length > 15 ? ', …' : ''}`);
	}
	const named = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const missing = named.filter((file) => !files.includes(file));
	if (missing.length) failures.push(`package.json names files the tarball lacks (run npm run build first): ${missing.join(', ')}`);
	const codexMissing = manifest.n8n.nodes.map((file) => file.replace(/\.js$/, '.json')).filter((file) => !files.includes(file));
	if (codexMissing.length) failures.push(`nodes without their codex file in the tarball: ${codexMissing.join(', ')}`);
	const largest = [...packed.files].sort((a, b) => b.size - a.size)[0];
	say(`  largest file: ${largest.path} (${(largest.size / 1024).toFixed(1)} kB)`);

	const unpacked = join(work, 'unpacked');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', unpacked]);
	const packageDir = join(unpacked, 'package');
	const scans = [
		['the unpacked tarball, default patterns (analyzePackage(dir))', packageDir, undefined],
		["the unpacked tarball, the CLI's dist leg (**/*.js, package.json)", packageDir, ['**/*.js', 'package.json']],
		["this checkout, the CLI's source leg (package.json, nodes/ and credentials/ sources)", root, ['package.json', '{nodes,credentials}/**/*.{js,ts,json}']],
	];
	for (const [label, dir, patterns] of scans) {
		const result = await analyzePackage(dir, patterns);
		say(`@n8n/scan-community-package on ${label}: ${result.passed ? 'passed' : 'FAILED'}${result.message ? ` (${result.message})` : ''}`);
		if (!result.passed) failures.push(`scanner on ${label}: ${result.message}\n${result.details ?? ''}`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (failures.length) {
	process.stderr.write(`\n${failures.map((failure) => `✖ ${failure}`).join('\n')}\n`);
	process.exit(1);
}
say('package check passed');
