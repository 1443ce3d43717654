#!/usr/bin/env node
// Keeps package-lock.json exactly what a fresh `npm install` writes, plus what `npm ci` needs here.
//
// 1. The npm registry reachable here lacks some platform builds of native dev tools (@swc/core-*,
//    @unrs/resolver-binding-*). npm then leaves them out of package-lock.json, and `npm ci` refuses
//    the lock ("Missing: ... from lock file") because it cannot rebuild that part of the tree. This
//    adds lock entries for the missing optional platform packages, with the os/cpu their names state,
//    so `npm ci` skips them on other platforms without fetching them.
// 2. Entries npm marks "extraneous" (left behind when a dependency changed, e.g. by a merge that took
//    both sides of the lock) are removed: a fresh clone's `npm install` drops them, which would leave
//    `git status` dirty.
//
// After any `npm install` that changes dependencies (and after merging branches that did):
//   npm install && node scripts/complete-lockfile.mjs
// `--check` changes nothing and exits 1 if the lock needs either fix (CI runs it, and also checks that
// `npm install --package-lock-only` leaves the lock unchanged).
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

const check = process.argv.includes('--check');
const path = new URL('../package-lock.json', import.meta.url);
const before = readFileSync(path, 'utf8');
const lock = JSON.parse(before);

const extraneous = Object.keys(lock.packages).filter((location) => lock.packages[location].extraneous);
for (const location of extraneous) delete lock.packages[location];

const added = [];
for (const [location, entry] of Object.entries(lock.packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const key = `node_modules/${name}`;
		if (lock.packages[key]) continue;
		const parts = name.split('/').pop().split('-');
		const os = parts.find((part) => OS.includes(part));
		const cpu = parts.map((part) => CPU[part]).find(Boolean);
		if (!os || !cpu) throw new Error(`${name} (optional dependency of ${location}) is missing and names no platform`);
		lock.packages[key] = { version, cpu: [cpu], dev: entry.dev, optional: true, os: [os] };
		added.push(name);
	}
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
const after = `${JSON.stringify(lock, null, 2)}\n`;

if (check) {
	if (after !== before) {
		console.error(
			`package-lock.json needs \`node scripts/complete-lockfile.mjs\`: ${added.length} missing optional platform packages, ` +
				`${extraneous.length} extraneous entries${added.length || extraneous.length ? '' : ' (entry order or formatting)'}`,
		);
		process.exit(1);
	}
	console.log('package-lock.json: complete, no extraneous entries');
} else {
	writeFileSync(path, after);
	console.log(`package-lock.json: added ${added.length} missing optional platform packages, removed ${extraneous.length} extraneous entries`);
}
