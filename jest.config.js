/**
 * Two projects (test/setup/jestProjects.js), so that the product's test count means what it says:
 * `product` runs the package's own code; `fakes-and-harness` tests only the test tooling.
 * test/setup/projectCounts.js prints the count of each after a run.
 */
const { product, fakesAndHarness } = require('./test/setup/jestProjects.js');

/** @type {import('jest').Config} */
module.exports = {
	projects: [product, fakesAndHarness],
	reporters: ['default', '<rootDir>/test/setup/projectCounts.js'],
	testTimeout: 30000,
	// Fake servers and n8n-core keep sockets and timers; each file cleans up, this catches leaks loudly.
	forceExit: false,
};
