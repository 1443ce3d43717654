// The pacing tier of the mutation run (npm run test:mutation:pacing; README, "Mutation testing"): the rate-limit
// module's mutants against test/setup/jest.mutation.pacing.config.js. A lower bound of the full run's score.
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	...base,
	jest: { ...base.jest, configFile: 'test/setup/jest.mutation.pacing.config.js' },
	mutate: ['nodes/shared/rateLimit/**/*.ts'],
	incrementalFile: 'reports/mutation/pacing/stryker-incremental.json',
	htmlReporter: { fileName: 'reports/mutation/pacing/index.html' },
	jsonReporter: { fileName: 'reports/mutation/pacing/mutation.json' },
	timeoutMS: 15000,
};
