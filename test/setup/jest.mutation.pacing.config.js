// The pacing tier of the mutation run (npm run test:mutation:pacing; README, "Mutation testing"), for the rate-limit
// module (nodes/shared/rateLimit/). Two jest configs, one per half of the module:
// - the model (pacer, budget, signals, failures, messages: pure code with the time passed in) against its unit
//   tests only, the pacer's property test at 20 random platforms per mutant instead of 150 (PACER_PROPERTY_RUNS);
// - the node side (pacedItem, nodeRun, options, observe, switch: code that runs inside n8n) against the same unit
//   tests and the quickest engine suites of pacing (N8N_LP_MUTATION_PACING=node picks this one).
// Every mutant either kills is killed by the full product suite too: its score is a lower bound of the full run's.
const full = require('./jest.mutation.config.js');

process.env.PACER_PROPERTY_RUNS ??= '20';

const unit = ['<rootDir>/test/unit/rateLimit/**/*.test.ts'];
const engine = ['stoppingPoint', 'options', 'transientFailures'].map((name) => `<rootDir>/test/nodes/rateLimit/${name}.test.ts`);

/** @type {import('jest').Config} */
module.exports = {
	...full,
	testMatch: process.env.N8N_LP_MUTATION_PACING === 'node' ? [...unit, ...engine] : unit,
};
