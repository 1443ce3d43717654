// The jest config of the mutation run (stryker.config.mjs): the product's tests only, since the tests
// of the fakes and the harness do not run shipped code and cannot kill its mutants.
const { product } = require('./jestProjects.js');

/** @type {import('jest').Config} */
module.exports = { ...product, displayName: undefined, testTimeout: 60000 };
