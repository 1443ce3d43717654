// The fast tier of the mutation run (npm run test:mutation:fast; README, "Mutation testing"): the same mutants as
// stryker.config.mjs, killed by the unit tests and the trigger's engine suites only (test/setup/jest.mutation.fast.config.js).
// Its score is a lower bound of the full run's. Pick an area with --mutate, e.g.
// npm run test:mutation:fast -- --mutate 'nodes/shared/crypto/**/*.ts'
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	...base,
	jest: { ...base.jest, configFile: 'test/setup/jest.mutation.fast.config.js' },
	incrementalFile: 'reports/mutation/fast/stryker-incremental.json',
	htmlReporter: { fileName: 'reports/mutation/fast/index.html' },
	jsonReporter: { fileName: 'reports/mutation/fast/mutation.json' },
	// The fast tier's slowest covering test file takes about 7 s.
	timeoutMS: 10000,
};
