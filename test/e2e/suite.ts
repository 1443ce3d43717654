// The end-to-end suite: one real n8n (started in `before`, stopped in `after`) shared by every check.
import { after, before, describe } from 'node:test';
import { academyOceanNode } from './academyOceanNode.ts';
import { academyOceanWebhook } from './academyOceanWebhook.ts';
import { canvasLiveEvents } from './canvasLiveEvents.ts';
import { dailyLearners } from './dailyLearners.ts';
import { startEnvironment, stopEnvironment } from './environment.ts';
import { packageLoads } from './packageLoads.ts';
import { rateLimitedBackfill } from './rateLimitedBackfill.ts';
import { restartPersistence } from './restart.ts';

const t0 = Date.now();
const log = (line: string) => process.stdout.write(`[e2e ${Math.round((Date.now() - t0) / 1000)} s] ${line}\n`);

describe('n8n-nodes-learning-platforms in a real n8n', () => {
	before(async () => {
		const started = Date.now();
		await startEnvironment(log);
		log(`environment ready in ${Math.round((Date.now() - started) / 1000)} s`);
	}, { timeout: 8 * 60_000 });
	after(async () => {
		await stopEnvironment();
		log('n8n and the fake platforms stopped');
	}, { timeout: 60_000 });

	packageLoads();
	academyOceanWebhook();
	canvasLiveEvents();
	restartPersistence();
	dailyLearners();
	rateLimitedBackfill();
	// Last: it also checks that every AcademyOcean call of the suite shared one token.
	academyOceanNode();
});
