// `npm run test:e2e`: build, install n8n once (cached), then run the suite: one real n8n with the package and
// the fake platforms, every check against it, everything stopped.
import { join } from 'node:path';
import { buildPackage } from '../../scripts/n8n/build.ts';
import { N8N_VERSION, nodeBin } from '../../scripts/n8n/paths.ts';
import { provision } from '../../scripts/n8n/provision.ts';
import { stopEnvironment } from './environment.ts';
import { runSuite } from './runSuite.ts';

await runSuite({
	name: 'e2e',
	file: join(import.meta.dirname, 'suite.ts'),
	limitMs: 40 * 60_000,
	stop: stopEnvironment,
	prepare: async (log) => {
		if (!process.env.E2E_SKIP_BUILD) log(`package built in ${await buildPackage()} s`);
		log(`n8n ${N8N_VERSION} on ${nodeBin} (N8N_LP_N8N_VERSION and N8N_LP_NODE choose others)`);
		const installed = await provision(log);
		log(installed.reused ? `n8n from ${installed.dir}` : `n8n installed: npm install ${installed.installSeconds ?? 0} s, sqlite3 build ${installed.rebuildSeconds} s`);
	},
});
