// The jest projects, shared by jest.config.js (npm test) and the mutation run's config.
const path = require('node:path');

const rootDir = path.resolve(__dirname, '../..');

const shared = {
	rootDir,
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

/** Tests that run the package's own code (nodes/, credentials/), unit or through n8n's engine. */
const product = {
	...shared,
	displayName: 'product',
	testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/nodes/**/*.test.ts', '<rootDir>/test/schemas/**/*.test.ts'],
};

/** Tests of the test tooling alone: the fake platforms, the engine harness, the browser suite's helpers. */
const fakesAndHarness = {
	...shared,
	displayName: 'fakes-and-harness',
	testMatch: ['<rootDir>/test/fakes/**/*.test.ts', '<rootDir>/test/harness/**/*.test.ts', '<rootDir>/test/ui/**/*.test.ts'],
};

module.exports = { product, fakesAndHarness };
