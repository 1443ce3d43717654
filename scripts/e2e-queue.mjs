// `npm run test:e2e:queue`. Node 24 runs the TypeScript directly (type stripping). The test fakes it imports sit
// in a package without "type", which makes Node print a one-time hint about module detection, and the
// suite reads n8n's database with node:sqlite, which Node 24 calls experimental: both hidden here.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
	const sqliteNotice = warning.name === 'ExperimentalWarning' && /SQLite/.test(warning.message);
	if (warning.code !== 'MODULE_TYPELESS_PACKAGE_JSON' && !sqliteNotice) for (const listener of printWarning) listener(warning);
});
await import('../test/e2e/queue/run.ts');
