/**
 * Benchmark 5 — memory. Peak RSS of a fresh process while the AcademyOcean node's `learners`
 * action returns every learner of a 50,000-learner academy and the node splits them into items,
 * over a baseline process that does everything but that call, against the size of the raw JSON;
 * side by side with a plain undici call + JSON.parse of the same answer. Each measurement runs in
 * its own child process (memoryChild.ts); the fake runs in another.
 *
 * Args: JSON `{ learners, rounds }`.
 */
import { fileURLToPath } from 'node:url';

import { request } from 'undici';

import { FakeProcess, childMain, progress, runChild } from '../lib/processes.ts';
import { fmt, fmtBytes, median } from '../lib/stats.ts';
import type { SuiteResult } from '../lib/types.ts';
import type { MemoryMeasurement } from './memoryChild.ts';

interface Args {
	learners: number;
	rounds: number;
}

const CHILD = fileURLToPath(new URL('./memoryChild.ts', import.meta.url));
const MODES = ['baseline', 'node', 'raw'] as const;

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const fake = await FakeProcess.start('academyOcean', { learners: args.learners });
	try {
		const config = await fake.call<{ clientId: string; clientSecret: string }>('config');

		// The raw JSON the learners action answers, byte for byte.
		const tokenResponse = await request(`${fake.url}/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret, scope: '' }).toString(),
		});
		const { access_token: token } = (await tokenResponse.body.json()) as { access_token: string };
		const answer = await request(`${fake.url}/api/v1/`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
			body: 'action=learners',
		});
		const rawJson = Buffer.from(await answer.body.arrayBuffer());
		const learnerCount = (JSON.parse(rawJson.toString('utf8')) as unknown[]).length;

		const measured: Record<(typeof MODES)[number], MemoryMeasurement[]> = { baseline: [], node: [], raw: [] };
		for (let round = 0; round < args.rounds; round++) {
			for (const mode of MODES) {
				const run = await runChild<MemoryMeasurement>(CHILD, [JSON.stringify({ mode, url: fake.url, ...config })], {
					timeoutMs: 120_000,
				});
				if (!run.value) throw new Error(`memory child (${mode}) failed: ${run.error}`);
				if (mode !== 'baseline' && run.value.items !== learnerCount) {
					throw new Error(`${mode} produced ${run.value.items} items, the academy has ${learnerCount} learners`);
				}
				measured[mode].push(run.value);
			}
			progress(
				`memory round ${round + 1}/${args.rounds}: peak RSS ` +
					MODES.map((mode) => `${mode} ${fmtBytes(measured[mode].at(-1)?.peakRss ?? 0)}`).join(', '),
			);
		}

		const peak = (mode: (typeof MODES)[number]) => median(measured[mode].map((entry) => entry.peakRss));
		const over = (mode: 'node' | 'raw') => peak(mode) - peak('baseline');
		const multiple = (mode: 'node' | 'raw') => over(mode) / rawJson.length;
		const row = (mode: (typeof MODES)[number], label: string) => [
			label,
			fmtBytes(peak(mode)),
			mode === 'baseline' ? '-' : fmtBytes(over(mode as 'node' | 'raw')),
			mode === 'baseline' ? '-' : `${fmt(multiple(mode as 'node' | 'raw'), 1)}x`,
			fmtBytes(median(measured[mode].map((entry) => entry.heapUsedAfter))),
			mode === 'baseline' ? '-' : `${fmt(median(measured[mode].map((entry) => entry.ms)), 0)} ms`,
		];
		const nodeMultiple = multiple('node');
		const rawMultiple = multiple('raw');
		return {
			id: 'memory',
			title: `5. Memory: ${fmt(learnerCount, 0)} learners from the AcademyOcean learners action`,
			method: [
				`Fake AcademyOcean (test/fakes/academyOcean.ts) seeded with largeAcademy(${fmt(args.learners, 0)}) in its own process; the learners action answers all ${fmt(learnerCount, 0)} learners at once: ${fmtBytes(rawJson.length)} of JSON (${fmt(rawJson.length / learnerCount, 0)} bytes per learner).`,
				`Each measurement is a fresh Node process (bench/suites/memoryChild.ts) that loads the engine and the built node and runs one small AcademyOcean execution first; peak RSS is process.resourceUsage().maxRSS with the result still held. Baseline: nothing more. Node: Learner > Get Many through n8n-core's engine (one output item per learner). Raw: the same POST with undici + JSON.parse.`,
				`${args.rounds} rounds of the three processes; medians. Multiple = (peak RSS − baseline peak RSS) ÷ raw JSON bytes.`,
			],
			tables: [
				{
					caption: 'Peak RSS (median of rounds)',
					table: {
						headers: ['process', 'peak RSS', 'over baseline', 'multiple of raw JSON', 'heap used after', 'call time'],
						rows: [row('baseline', 'baseline (same set-up, no call)'), row('node', 'node: learners -> items'), row('raw', 'raw: undici + JSON.parse')],
					},
				},
			],
			targets: [
				{
					name: `Memory: peak RSS for ${fmt(learnerCount, 0)} learners (${fmtBytes(rawJson.length)} JSON)`,
					target: 'report the multiple (no target set)',
					measured: `${fmt(nodeMultiple, 1)}x the raw JSON (raw JSON.parse: ${fmt(rawMultiple, 1)}x; node/raw ${fmt(over('node') / over('raw'), 1)})`,
					verdict: 'reported',
				},
			],
			evidence: [],
			bars: [],
			groups: [
				{
					title: `Memory over baseline, ${fmt(learnerCount, 0)} learners`,
					unit: 'MiB',
					categories: ['raw JSON', 'raw: JSON.parse', 'node: items'],
					series: [{ name: 'MiB', values: [rawJson.length, over('raw'), over('node')].map((bytes) => bytes / 1024 / 1024) }],
				},
			],
		};
	} finally {
		await fake.stop();
	}
});
