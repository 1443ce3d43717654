// `npm run test:e2e:queue`: delivery guarantees against a real n8n in both set-ups, a single process
// (SQLite) and a queue-mode cluster (Postgres, Redis, main, 2 webhook processors, 2 workers).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COURSE_ACTIVITY_PATH, LEARNING_PATH_ACTIVITY_PATH } from '../../fakes/thoughtIndustries.ts';
import { academyOceanEvents, canvasEvents } from '../delivery/events.ts';
import { PlatformLedger, deliver } from '../delivery/platform.ts';
import type { ScenarioResult } from '../delivery/scenarios.ts';
import { crashMidBurst, settled, tripleDelivery } from '../delivery/scenarios.ts';
import type { Topology } from '../delivery/topology.ts';
import { startQueueMode, startSingleProcess } from '../delivery/topology.ts';
import { runScheduledOnWorkers, workerOf } from '../delivery/workers.ts';

const t0 = Date.now();
const log = (line: string) => process.stdout.write(`[e2e:queue ${Math.round((Date.now() - t0) / 1000)} s] ${line}\n`);

export const results: ScenarioResult[] = [];

function report(result: ScenarioResult): void {
	results.push(result);
	const { tally } = result;
	log(`${result.topology}: ${result.scenario}: ${tally.recordedOnce}/${tally.events} recorded once, ${tally.duplicates} duplicated (${tally.extraCalls} extra calls), ${tally.losses} lost; answers ${JSON.stringify(result.answers)}; ${result.retryRounds} retry round(s); ${result.seconds} s`);
	if (tally.duplicated.length) log(`  duplicated: ${tally.duplicated.slice(0, 10).join(', ')}`);
	if (tally.lost.length) log(`  lost: ${tally.lost.slice(0, 10).join(', ')}`);
	for (const [body, keys] of Object.entries(result.unexpectedAnswers)) log(`  ${keys.length} 2xx answer(s) not from the trigger: ${body} (${keys.slice(0, 5).join(', ')})`);
}

function faultTests(name: string, start: (log: (line: string) => void) => Promise<Topology>, extra: (topology: () => Topology) => void = () => {}) {
	describe(`delivery guarantees: ${name}`, () => {
		let topology: Topology | undefined;
		const current = () => {
			if (!topology) throw new Error('the topology did not start');
			return topology;
		};
		before(async () => {
			const started = Date.now();
			topology = await start(log);
			log(`${name} ready in ${Math.round((Date.now() - started) / 1000)} s`);
		}, { timeout: 15 * 60_000 });
		after(async () => {
			await topology?.stop();
			log(`${name} stopped`);
		}, { timeout: 120_000 });

		extra(current);

		it('200 AcademyOcean + 100 Canvas events, each delivered 3 times: one Thought Industries call per event', { timeout: 15 * 60_000 }, async () => {
			const result = await tripleDelivery(current(), { log });
			report(result);
			assert.deepEqual({ duplicates: result.tally.duplicates, losses: result.tally.losses }, { duplicates: 0, losses: 0 });
		});

		it('SIGKILL mid 300-event burst, restart, platform resends: nothing lost, repeats only among the cut-short deliveries', { timeout: 20 * 60_000 }, async () => {
			const result = await crashMidBurst(current(), { log });
			report(result);
			assert.equal(result.tally.losses, 0, `lost: ${result.tally.lost.join(', ')}`);
			assert.ok(result.tally.duplicates <= result.cutShort, `${result.tally.duplicates} duplicated, only ${result.cutShort} were cut short`);
		});
	});
}

faultTests('a single n8n process (SQLite)', startSingleProcess);

faultTests('queue mode (main, 2 webhook processors, 2 workers)', startQueueMode, (topology) => {
	it('every example workflow runs in the cluster, with its executions on the workers', { timeout: 10 * 60_000 }, async () => {
		const current = topology();
		const { api, fakes, record, cluster } = current;
		assert.ok(cluster);
		const example = (prefix: string) => record.workflows.find((workflow) => workflow.file.startsWith(prefix)) ?? assert.fail(`no example ${prefix}`);
		const courseCalls = fakes.thoughtIndustries.server.requestsTo(COURSE_ACTIVITY_PATH).length;
		const pathCalls = fakes.thoughtIndustries.server.requestsTo(LEARNING_PATH_ACTIVITY_PATH).length;

		// The two webhook examples as shipped, through the proxy, one event each.
		const ledger = new PlatformLedger();
		const ao = example('academyocean-course');
		const canvas = example('canvas-');
		const pathOf = (url: string) => new URL(url).pathname;
		const [aoEvent] = academyOceanEvents(1, pathOf(ao.webhooks[0].url), current.secrets.academyOceanWebhookSecret, 9);
		const [canvasEvent] = canvasEvents(1, pathOf(canvas.webhooks[0].url), current.key, 9);
		assert.equal((await deliver(current.entry, aoEvent, ledger)).status, 200);
		assert.equal((await deliver(current.entry, canvasEvent, ledger)).status, 200);
		await settled(() => fakes.thoughtIndustries.activities.length, 3000, 60_000);
		assert.equal(fakes.thoughtIndustries.server.requestsTo(COURSE_ACTIVITY_PATH).length, courseCalls + 1);
		assert.equal(fakes.thoughtIndustries.server.requestsTo(LEARNING_PATH_ACTIVITY_PATH).length, pathCalls + 1);

		// The scheduled example, with its schedule brought forward, run by the workers.
		const daily = example('academyocean-daily');
		const teamCalls = fakes.academyOcean.callsOf('addLearnersToTeams').length;
		const scheduled = await runScheduledOnWorkers(current, daily.id, { everySeconds: 3, runsPerWorker: 1, maxRuns: 12 });
		assert.ok(fakes.academyOcean.callsOf('addLearnersToTeams').length > teamCalls, 'the scheduled run added learners to the team');
		log(`scheduled example: ${scheduled.executions.length} run(s), by worker ${JSON.stringify(scheduled.byWorker)}`);

		for (const workflow of [ao, canvas, daily]) {
			const executions = (await api.executions(workflow.id)).filter((execution) => execution.mode !== 'manual');
			assert.ok(executions.length > 0, `${workflow.name} ran`);
			for (const execution of executions) {
				assert.equal(execution.status, 'success', `${workflow.name}: execution ${execution.id} ${execution.status}`);
				assert.ok(workerOf(cluster, execution.id), `execution ${execution.id} of ${workflow.name} ran on a worker`);
			}
		}
		// Main ran none of them itself.
		assert.doesNotMatch(cluster.main.output(), /Worker started execution/);
	});
});

after(() => {
	if (!results.length) return;
	const lines = results.map(
		(result) => `| ${result.topology} | ${result.scenario} | ${result.tally.events} | ${result.tally.recordedOnce} | ${result.tally.duplicates} | ${result.tally.losses} | ${JSON.stringify(result.answers)} | ${result.seconds} s |`,
	);
	process.stdout.write(
		['', '| Set-up | Scenario | Events | Recorded once | Duplicated | Lost | Answers | Time |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...lines, ''].join('\n'),
	);
});
