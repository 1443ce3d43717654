// The pacing tier of the mutation run (README, "Mutation testing"): the rate-limit module's mutants against
// test/setup/jest.mutation.pacing.config.js. `npm run test:mutation:pacing` runs both halves: the model against
// its unit tests, then the node side (N8N_LP_MUTATION_PACING=node) against them and the quick engine suites.
// Each half's score is a lower bound of the full run's.
import base from './stryker.config.mjs';

const half = process.env.N8N_LP_MUTATION_PACING === 'node' ? 'node' : 'model';
const files = {
	model: ['pacer', 'budget', 'signals', 'failures', 'messages', 'nodeRun'],
	node: ['pacedItem', 'options', 'observe', 'switch'],
}[half];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	...base,
	jest: { ...base.jest, configFile: 'test/setup/jest.mutation.pacing.config.js' },
	mutate: files.map((name) => `nodes/shared/rateLimit/${name}.ts`),
	incrementalFile: `reports/mutation/pacing/${half}.incremental.json`,
	htmlReporter: { fileName: `reports/mutation/pacing/${half}.html` },
	jsonReporter: { fileName: `reports/mutation/pacing/${half}.json` },
	// A mutant that stalls the pacer stalls its simulation: 5 s past the covering tests' own time is a timeout.
	timeoutMS: 5000,
};
