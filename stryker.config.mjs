// Mutation testing of the shipped code (npm run test:mutation). Not part of CI: a full run takes
// well over the time CI has (see README, "Mutation testing"). Reports go to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'jest',
	jest: {
		projectType: 'custom',
		configFile: 'test/setup/jest.mutation.config.js',
		// Each mutant runs only the test files that import the mutated file, and in them only the tests that covered it.
		enableFindRelatedTests: true,
	},
	coverageAnalysis: 'perTest',
	// A later run reuses the results of mutants whose code and covering tests did not change.
	incremental: true,
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	mutate: ['nodes/**/*.ts', 'credentials/**/*.ts'],
	// Mutants in code that only runs when a module loads (node descriptions: display names, option
	// lists) would each need the whole suite; they are counted as ignored, not run.
	ignoreStatic: true,
	concurrency: 2,
	// The first run of every covering test, on a loaded 2-core machine.
	dryRunTimeoutMinutes: 30,
	timeoutMS: 20000,
	timeoutFactor: 2,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	tempDirName: '.stryker-tmp',
	ignorePatterns: ['.stryker-tmp*', 'reports', 'dist', '.n8n-sandbox'],
	cleanTempDir: 'always',
	thresholds: { high: 85, low: 70, break: null },
};
