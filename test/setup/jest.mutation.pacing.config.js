// The pacing tier of the mutation run (npm run test:mutation:pacing; README, "Mutation testing"), for the rate-limit
// module (nodes/shared/rateLimit/). Two jest configs, one per half of the module:
// - the model (pacer, budget, signals, failures, messages, nodeRun: code whose unit tests drive it directly, with
//   the time passed in or a fake clock) against those unit tests only. Not the pacer's property test: a mutant that
//   stalls the pacer stalls its simulation until Stryker's timeout, and the pacer's scripted tests pin the same
//   decisions exactly, failing at once;
// - the node side (pacedItem, options, observe, switch: code that runs only inside n8n) against the same unit tests,
//   the property test at 20 random platforms per mutant instead of 150 (PACER_PROPERTY_RUNS), and the quickest
//   engine suites of pacing (N8N_LP_MUTATION_PACING=node picks this one).
// Every mutant either kills is killed by the full product suite too: its score is a lower bound of the full run's.
const full = require('./jest.mutation.config.js');

process.env.PACER_PROPERTY_RUNS ??= '20';

const unit = ['<rootDir>/test/unit/rateLimit/**/*.test.ts'];
const node = process.env.N8N_LP_MUTATION_PACING === 'node';
const engine = ['stoppingPoint', 'options', 'transientFailures'].map((name) => `<rootDir>/test/nodes/rateLimit/${name}.test.ts`);

/** @type {import('jest').Config} */
module.exports = {
	...full,
	testMatch: node ? [...unit, ...engine] : unit,
	testPathIgnorePatterns: [...full.testPathIgnorePatterns, ...(node ? [] : ['/pacer\\.property\\.test\\.ts$'])],
};
