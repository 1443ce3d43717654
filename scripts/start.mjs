// `npm start`. Node 24 runs the TypeScript directly (type stripping). The test fakes it imports sit in
// a package without "type", which makes Node print a one-time hint about module detection: hidden here.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
	if (warning.code !== 'MODULE_TYPELESS_PACKAGE_JSON') for (const listener of printWarning) listener(warning);
});
// `npm start -- --queue`: the same sandbox as an n8n queue-mode cluster (scripts/queue/).
await import(process.argv.includes('--queue') ? './queue/start.ts' : './start.ts');
