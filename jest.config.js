/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
		// jose ships only ES modules; jest's CommonJS runtime needs them compiled.
		'/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
	},
	transformIgnorePatterns: ['/node_modules/(?!jose/)'],
	setupFiles: ['<rootDir>/test/setup/environment.ts'],
	testTimeout: 30000,
	// Fake servers and n8n-core keep sockets and timers; each file cleans up, this catches leaks loudly.
	forceExit: false,
};
