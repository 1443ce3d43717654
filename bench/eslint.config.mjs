// Code that never ships: the same rules as tests (see test/eslint.config.mjs for why).
export { default } from '../test/eslint.config.mjs';
