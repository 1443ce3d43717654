/**
 * Two projects, so that the product's test count means what it says:
 * - `product`: tests that run the package's own code (nodes/, credentials/), unit or through n8n's engine;
 * - `fakes-and-harness`: tests of the test tooling alone (the fake platforms and the engine harness).
 * test/setup/projectCounts.js prints the count of each after a run.
 */
const shared = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
		// jose ships only ES modules; jest's CommonJS runtime needs them compiled.
		'/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
	},
	transformIgnorePatterns: ['/node_modules/(?!jose/)'],
	setupFiles: ['<rootDir>/test/setup/environment.ts'],
	// Every fast-check property runs with one pinned seed, printed with each file's results.
	setupFilesAfterEnv: ['<rootDir>/test/setup/propertySeed.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
};

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			...shared,
			displayName: 'product',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/nodes/**/*.test.ts'],
		},
		{
			...shared,
			displayName: 'fakes-and-harness',
			testMatch: ['<rootDir>/test/fakes/**/*.test.ts', '<rootDir>/test/harness/**/*.test.ts'],
		},
	],
	reporters: ['default', '<rootDir>/test/setup/projectCounts.js'],
	testTimeout: 30000,
	// Fake servers and n8n-core keep sockets and timers; each file cleans up, this catches leaks loudly.
	forceExit: false,
};
