// The fast tier of the mutation run (README, "Mutation testing"): the unit tests, the credential tests and the
// trigger's engine suites except the 23-second delivery one. Every mutant it kills is killed by the full product suite too, so its score is
// a lower bound of the full run's, reached in a fraction of the time (each mutant reloads n8n-core per test file).
const full = require('./jest.mutation.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...full,
	testMatch: [
		'<rootDir>/test/unit/**/*.test.ts',
		'<rootDir>/test/nodes/learningPlatformTrigger.test.ts',
		'<rootDir>/test/nodes/learningPlatformTrigger.version2.test.ts',
		'<rootDir>/test/nodes/credentials.test.ts',
	],
};
