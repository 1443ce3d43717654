// Lint rules for code that never ships (tests, fakes, scripts, benchmarks).
// It is n8n's template config unchanged, except the rules about n8n's runtime (its Cloud sandbox and
// its node errors): a fake HTTP server needs node:http, process and timers, and the sandbox and benchmark
// scripts start n8n as a child process. Shipped code (nodes/, credentials/) is linted by the root
// eslint.config.mjs, which is n8n's template byte for byte.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	// A tooling folder's package.json only sets its module type; it is not the community package's.
	{ ignores: ['package.json'] },
	{
		files: ['**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			// Errors thrown by tooling are never shown by n8n, so there is no node to wrap them in.
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
