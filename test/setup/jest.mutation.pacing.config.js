// The pacing tier of the mutation run (npm run test:mutation:pacing; README, "Mutation testing"): the rate-limit
// module (nodes/shared/rateLimit/) against its unit tests and the two quickest of its engine suites. The pacer's
// property test runs 20 random platforms per mutant instead of 150 (PACER_PROPERTY_RUNS), so a mutant takes seconds.
// Every mutant it kills is killed by the full product suite too: its score is a lower bound of the full run's.
const full = require('./jest.mutation.config.js');

process.env.PACER_PROPERTY_RUNS ??= '20';

/** @type {import('jest').Config} */
module.exports = {
	...full,
	testMatch: [
		'<rootDir>/test/unit/rateLimit/**/*.test.ts',
		'<rootDir>/test/nodes/rateLimit/stoppingPoint.test.ts',
		'<rootDir>/test/nodes/rateLimit/options.test.ts',
	],
};
