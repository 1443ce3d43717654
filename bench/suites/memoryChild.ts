/**
 * One memory measurement, alone in a fresh process so its peak RSS is its own (started by memory.ts).
 * Every mode loads the same modules and runs the same small AcademyOcean execution first (engine
 * code paths loaded, token fetched); then:
 *   baseline — nothing more;
 *   node     — the AcademyOcean node's Learner > Get Many, every learner of the academy as an item;
 *   raw      — the same API call with undici and JSON.parse of the answer (the floor).
 * Reports peak RSS (process.resourceUsage().maxRSS) with what it produced still held.
 *
 * Args: JSON `{ mode, url, clientId, clientSecret }`.
 */
import { request } from 'undici';

import { Engine } from '../../test/harness/engine.ts';
import { distCredential, distNode } from '../lib/dist.ts';
import { childMain } from '../lib/processes.ts';
import { collectGarbage } from '../lib/stats.ts';

interface Args {
	mode: 'baseline' | 'node' | 'raw';
	url: string;
	clientId: string;
	clientSecret: string;
}

export interface MemoryMeasurement {
	mode: Args['mode'];
	/** Peak resident set size of the process, bytes. */
	peakRss: number;
	/** RSS and heap used once the work is done (result still held), bytes. */
	rssAfter: number;
	heapUsedAfter: number;
	items: number;
	ms: number;
}

childMain(async (): Promise<MemoryMeasurement> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const engine = new Engine({
		nodeTypes: { academyOcean: distNode('nodes/AcademyOcean/AcademyOcean.node.js', 'AcademyOcean') },
		credentialTypes: [distCredential('credentials/AcademyOceanOAuth2Api.credentials.js', 'AcademyOceanOAuth2Api')],
	});
	const credential = engine.credentials.add('academyOceanOAuth2Api', {
		clientId: args.clientId,
		clientSecret: args.clientSecret,
		baseUrl: args.url,
	});
	const run = async (resource: string, operation: string) => {
		const result = await engine.run({
			type: 'academyOcean',
			parameters: { resource, operation },
			credentials: { academyOceanOAuth2Api: credential },
		});
		if (result.status !== 'success') throw new Error(`${resource} ${operation} failed: ${result.error?.message}`);
		return result;
	};
	await run('academy', 'getAll');
	collectGarbage();

	let held: unknown;
	let items = 0;
	const started = performance.now();
	if (args.mode === 'node') {
		const result = await run('learner', 'getAll');
		items = result.items.length;
		held = result;
	} else if (args.mode === 'raw') {
		const token = String(engine.credentials.read(credential.id as string).accessToken);
		const response = await request(`${args.url}/api/v1/`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
			body: 'action=learners',
		});
		const learners = (await response.body.json()) as unknown[];
		if (response.statusCode !== 200 || !Array.isArray(learners)) throw new Error(`raw learners call answered ${response.statusCode}`);
		items = learners.length;
		held = learners;
	}
	const ms = performance.now() - started;
	const memory = process.memoryUsage();
	const measurement: MemoryMeasurement = {
		mode: args.mode,
		peakRss: process.resourceUsage().maxRSS * 1024,
		rssAfter: memory.rss,
		heapUsedAfter: memory.heapUsed,
		items,
		ms,
	};
	// Keep the result reachable until measured.
	if (held === null) process.stderr.write('');
	return measurement;
});
