// `npm run bench` — see bench/README.md. Runs under the project's Node 24 (npm puts node_modules/.bin first on PATH),
// which loads the TypeScript benchmark files directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
	process.stderr.write(`The benchmarks need Node >= 24 (found ${process.version}): run them with \`npm run bench\`.\n`);
	process.exit(1);
}

// The .ts files are ES modules in a package without "type"; Node says so once per file. Nothing else is hidden.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
	const code = typeof rest[0] === 'object' ? rest[0]?.code : rest[1];
	if (code === 'MODULE_TYPELESS_PACKAGE_JSON') return;
	emitWarning(warning, ...rest);
};

await import('./lib/register.mjs');
await import('./main.ts');
