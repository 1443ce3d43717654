#!/usr/bin/env node
// The npm registry reachable here lacks some platform builds of native dev tools (@swc/core-*,
// @unrs/resolver-binding-*). npm then leaves them out of package-lock.json, and `npm ci` refuses
// the lock ("Missing: ... from lock file") because it cannot rebuild that part of the tree.
// This adds lock entries for the missing optional platform packages, with the os/cpu their names
// state, so `npm ci` skips them on other platforms without fetching them. Run after `npm install`
// when dependencies change: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony'];
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const key = `node_modules/${name}`;
		if (lock.packages[key]) continue;
		const parts = name.split('/').pop().split('-');
		const os = parts.find((part) => OS.includes(part));
		const cpu = parts.map((part) => CPU[part]).find(Boolean);
		if (!os || !cpu) throw new Error(`${name} (optional dependency of ${location}) is missing and names no platform`);
		lock.packages[key] = { version, cpu: [cpu], dev: entry.dev, optional: true, os: [os] };
		added += 1;
	}
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} missing optional platform packages`);
