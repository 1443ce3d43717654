// `npm run test:ui`: build, install n8n once (cached), install Debian's Chromium if missing, then run the
// browser suite. Screenshots go to docs/images/.
import { join } from 'node:path';
import { buildPackage } from '../../scripts/n8n/build.ts';
import { provision } from '../../scripts/n8n/provision.ts';
import { stopEnvironment } from '../e2e/environment.ts';
import { runSuite } from '../e2e/runSuite.ts';
import { ensureChromium } from './chromium.ts';

await runSuite({
	name: 'ui',
	file: join(import.meta.dirname, 'suite.ts'),
	limitMs: 30 * 60_000,
	stop: stopEnvironment,
	prepare: async (log) => {
		const installSeconds = ensureChromium(log);
		log(installSeconds === undefined ? 'Chromium found' : `Chromium installed in ${installSeconds} s`);
		if (!process.env.UI_SKIP_BUILD && !process.env.UI_N8N_URL) log(`package built in ${await buildPackage()} s`);
		if (!process.env.UI_N8N_URL) {
			const installed = await provision(log);
			log(installed.reused ? `n8n from ${installed.dir}` : `n8n installed in ${installed.installSeconds ?? 0} + ${installed.rebuildSeconds} s`);
		}
	},
});
