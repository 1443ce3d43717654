// `npm run test:e2e:queue`: build, install n8n once (cached), then the delivery suite: a single n8n and a
// queue-mode cluster in turn, with the fake platforms. Every n8n, Postgres and Redis started here is killed by
// its exit handler on the way out.
import { join } from 'node:path';
import { buildPackage } from '../../../scripts/n8n/build.ts';
import { provision } from '../../../scripts/n8n/provision.ts';
import { runSuite } from '../runSuite.ts';

await runSuite({
	name: 'e2e:queue',
	file: join(import.meta.dirname, 'suite.ts'),
	limitMs: 60 * 60_000,
	// E2E_ONLY=<regexp> runs only the tests whose full name matches (e.g. E2E_ONLY='single.*SIGKILL').
	testNamePatterns: process.env.E2E_ONLY ? [new RegExp(process.env.E2E_ONLY)] : undefined,
	prepare: async (log) => {
		if (!process.env.E2E_SKIP_BUILD) log(`package built in ${await buildPackage()} s`);
		const installed = await provision(log);
		log(installed.reused ? `n8n from ${installed.dir}` : `n8n installed: npm install ${installed.installSeconds ?? 0} s, sqlite3 build ${installed.rebuildSeconds} s`);
	},
});
