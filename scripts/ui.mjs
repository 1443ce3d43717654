// `npm run test:ui`. Node 24 runs the TypeScript directly (type stripping); the hints it prints about
// module detection (test fakes) and node:sqlite (the e2e environment helpers) are hidden here.
const printWarning = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
	const sqliteNotice = warning.name === 'ExperimentalWarning' && /SQLite/.test(warning.message);
	if (warning.code !== 'MODULE_TYPELESS_PACKAGE_JSON' && !sqliteNotice) for (const listener of printWarning) listener(warning);
});
await import('../test/ui/run.ts');
