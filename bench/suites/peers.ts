/**
 * Benchmark 6 — peers: this package against what a user would otherwise build from n8n's own nodes,
 * in one real n8n (the version scripts/n8n chooses), against the same fakes, side by side:
 *   webhooks — AcademyOcean (Webhook raw body → Crypto → If → Respond to Webhook) and Canvas
 *              (Webhook → JWT → If → Respond to Webhook) vs the Learning Platform Trigger: throughput
 *              end to end, and the trigger's attack corpus into each (forged deliveries let through);
 *   records  — N Thought Industries records: HTTP Request with the Thought Industries credential vs the
 *              node, per scenario (rate limiter off now; the limiter-on scenario is one more entry);
 *   actions  — AcademyOcean one read + one write: HTTP Request + OAuth2 API credential vs the node,
 *              with token requests counted.
 * The workflows are the importable files in bench/peers/.
 *
 * Args: JSON `{ webhooks: LoadArgs, timingSample, records: RecordsArgs, actions: ActionsArgs }`.
 */
import { N8N_VERSION, installDir, nodeBin } from '../../scripts/n8n/paths.ts';
import { isProvisioned } from '../../scripts/n8n/provision.ts';
import { childMain, progress } from '../lib/processes.ts';
import { fmt } from '../lib/stats.ts';
import type { ChartBar, SuiteResult, Table, Target } from '../lib/types.ts';
import { notRun } from '../lib/types.ts';
import { actionsPeers } from './peers/actions.ts';
import type { ActionsArgs, ActionsResult } from './peers/actions.ts';
import { executionsWithData, timingBreakdown } from './peers/executions.ts';
import { recordsPeers } from './peers/records.ts';
import type { RecordsArgs, RecordsResult } from './peers/records.ts';
import { PeerSession } from './peers/session.ts';
import { PEERS_TITLE, PEER_TARGETS } from './peers/targets.ts';
import type { LoadArgs, Measured } from './peers/throughput.ts';
import { DOWNSTREAM_NODE, webhookPeers } from './peers/webhooks.ts';
import type { CorrectnessTable, Verdict, WebhookResults } from './peers/webhooks.ts';

interface Args {
	webhooks: LoadArgs;
	/** Executions per webhook workflow whose per-node times are read back (n8n's executionTime). */
	timingSample: number;
	records: RecordsArgs;
	actions: ActionsArgs;
}

const TARGET_RATIO = 1.0;

const ratioTarget = (name: string, ratio: number, detail: string, cause: string): Target => ({
	name,
	target: PEER_TARGETS.find((target) => name.startsWith(target.name))?.target ?? '>= 1.0',
	measured: `${fmt(ratio, 2)} (${detail})`,
	verdict: ratio >= TARGET_RATIO ? 'met' : 'missed',
	...(ratio >= TARGET_RATIO ? {} : { note: cause }),
});

// ------------------------------------------------------------------ webhooks

function cell(verdict: Verdict): string {
	const answer = verdict.status === 200 ? '200' : String(verdict.status);
	if (verdict.acted) return `**acted on** (${answer})`;
	return verdict.executions ? `refused (${answer}; ran, stopped before acting)` : `refused (${answer})`;
}

function correctnessMarkdown(table: CorrectnessTable): Table {
	const headers = ['delivery', 'expected', ...table.workflows.map((workflow) => workflow.label)];
	const rows = table.cases.map((testCase) => [
		testCase.label,
		testCase.kind === 'genuine' ? 'acted on' : 'refused',
		...table.workflows.map((workflow) => cell(table.verdicts[testCase.id][workflow.key])),
	]);
	const count = (kind: string, acted: boolean) => (key: string) =>
		table.cases.filter((testCase) => testCase.kind === kind && table.verdicts[testCase.id][key].acted === acted).length;
	const total = (kind: string) => table.cases.filter((testCase) => testCase.kind === kind).length;
	rows.push(
		['**forged deliveries let through**', '0', ...table.workflows.map((workflow) => `**${count('forged', true)(workflow.key)} of ${total('forged')}**`)],
		['genuine deliveries refused', '0', ...table.workflows.map((workflow) => `${count('genuine', false)(workflow.key)} of ${total('genuine')}`)],
		['replays acted on again', '0', ...table.workflows.map((workflow) => `${count('replay', true)(workflow.key)} of ${total('replay')}`)],
	);
	return { headers, rows };
}

function forgedThrough(table: CorrectnessTable, key: string): { through: number; of: number } {
	const forged = table.cases.filter((testCase) => testCase.kind === 'forged');
	return { through: forged.filter((testCase) => table.verdicts[testCase.id][key].acted).length, of: forged.length };
}

function timingLine(label: string, timing: ReturnType<typeof timingBreakdown>): string {
	return `${label}: execution ${fmt(timing.executionMs, 1)} ms (${timing.nodes.map(({ node, ms }) => `${node} ${fmt(ms, 1)}`).join(', ')} ms)`;
}

function webhookCause(source: string, measured: Measured[], timing: Record<string, ReturnType<typeof timingBreakdown>>): string {
	const [trigger, peer, noDedup] = measured;
	const perDelivery = (entry: Measured) => 1000 / entry.rate;
	const dedupMs = perDelivery(trigger) - perDelivery(noDedup);
	const gapMs = perDelivery(trigger) - perDelivery(peer);
	return (
		`${source}: the trigger workflow processed ${fmt(trigger.rate)} deliveries/s, the home-made one ${fmt(peer.rate)}/s ` +
		`(${fmt(gapMs, 1)} ms more per delivery at this concurrency). With its de-duplication off the trigger reaches ${fmt(noDedup.rate)}/s ` +
		`(${fmt(noDedup.rate / peer.rate, 2)} of the home-made one): de-duplication accounts for ${fmt(dedupMs, 1)} ms of those ${fmt(gapMs, 1)} ms ` +
		`(${fmt((100 * dedupMs) / gapMs, 0)}%). n8n's records of the sampled executions: ${timingLine('trigger', timing.trigger)}; ` +
		`${timingLine('trigger without de-duplication', timing.triggerNoDedup)}; ${timingLine('home-made', timing.peer)}. ` +
		`The trigger's webhook phase (verification, and n8n's per-request expression isolate, which n8n skips only for its own Webhook node) is not in those records; see the Peers section.`
	);
}

// ------------------------------------------------------------------ suite

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	if (!isProvisioned()) {
		return notRun(
			'peers',
			PEERS_TITLE,
			`no provisioned n8n ${N8N_VERSION} at ${installDir()} — run \`npm start\` once (or \`node scripts/n8n/provision.ts\`, about 5 minutes) and run the benchmarks again`,
			PEER_TARGETS,
		);
	}
	// PEERS_SECTIONS=webhooks,records,actions runs some sections (e.g. to profile one); the report needs all three.
	const sections = (process.env.PEERS_SECTIONS ?? 'webhooks,records,actions').split(',');
	const session = await PeerSession.start();
	try {
		const section = async <T>(name: string, what: string, work: () => Promise<T>): Promise<T | undefined> => {
			if (!sections.includes(name)) return undefined;
			progress(`${name}: ${what}`);
			return await work();
		};
		const webhooks = await section('webhooks', 'correctness corpus, then throughput', () => webhookPeers(session, args.webhooks, args.timingSample));
		const records = await section('records', 'Thought Industries', () => recordsPeers(session, args.records));
		const actions = await section('actions', 'AcademyOcean read + write', () => actionsPeers(session, args.actions));
		if (!webhooks || !records || !actions) throw new Error(`PEERS_SECTIONS=${sections.join(',')}: sections ran, no report (it needs webhooks, records and actions)`);
		const timing = await nodeTimings(session);
		return result(args, session, webhooks, records, actions, timing);
	} finally {
		await session.stop();
	}
});

/** Per-node times of the newest execution of every records/actions workflow (the cause lines of a missed target). */
async function nodeTimings(session: PeerSession): Promise<Record<string, ReturnType<typeof timingBreakdown>>> {
	const workflows = await session.api.public<{ data: Array<{ id: string; name: string }> }>('GET', '/workflows?limit=250');
	const timings: Record<string, ReturnType<typeof timingBreakdown>> = {};
	for (const workflow of workflows.data) {
		if (!/\(bench \w+\)$/.test(workflow.name) || /webhook|Live Event/i.test(workflow.name)) continue;
		timings[workflow.name] = timingBreakdown(await executionsWithData(session.api, workflow.id, 1));
	}
	return timings;
}

function result(
	args: Args,
	session: PeerSession,
	webhooks: WebhookResults,
	records: RecordsResult[],
	actions: ActionsResult,
	timings: Record<string, ReturnType<typeof timingBreakdown>>,
): SuiteResult {
	const targets: Target[] = [];
	const bars: ChartBar[] = [];
	const throughputRows: string[][] = [];
	const evidence: string[] = [];

	for (const { source, measured, timing } of webhooks.throughput) {
		const [trigger, peer, noDedup] = measured;
		const ratio = trigger.rate / peer.rate;
		const name = source === 'AcademyOcean' ? PEER_TARGETS[0].name : PEER_TARGETS[1].name;
		targets.push(ratioTarget(name, ratio, `${fmt(trigger.rate)}/s vs ${fmt(peer.rate)}/s`, webhookCause(source, measured, timing)));
		bars.push({ label: `peers: ${source} webhook`, value: ratio, target: TARGET_RATIO, higherIsBetter: true, unit: '' });
		throughputRows.push([
			`${source} webhook: ${trigger.contender.label} vs ${peer.contender.label}`,
			`${fmt(trigger.rate)} deliveries/s`,
			`${fmt(peer.rate)} deliveries/s`,
			fmt(ratio, 2),
			`answer p50 ${fmt(trigger.p50, 1)} / ${fmt(peer.p50, 1)} ms; p99 ${fmt(trigger.p99, 1)} / ${fmt(peer.p99, 1)} ms`,
		]);
		throughputRows.push([
			`${source} webhook (diagnostic): ${noDedup.contender.label} vs ${peer.contender.label}`,
			`${fmt(noDedup.rate)} deliveries/s`,
			`${fmt(peer.rate)} deliveries/s`,
			fmt(noDedup.rate / peer.rate, 2),
			`answer p50 ${fmt(noDedup.p50, 1)} ms; the home-made versions do not de-duplicate (see the replay rows)`,
		]);
		evidence.push(
			`- ${source} webhook, n8n's own per-node times (mean of the newest ${args.timingSample} executions): ${timingLine('trigger', timing.trigger)}; ` +
				`${timingLine('trigger, de-duplication off', timing.triggerNoDedup)}; ${timingLine('home-made', timing.peer)}.`,
		);
	}
	for (const entry of records) {
		const ratio = entry.rate.node / entry.rate.peer;
		const name = `${PEER_TARGETS[2].name} (${fmt(entry.records, 0)}, ${entry.scenario.label})`;
		const nodeTiming = Object.entries(timings).find(([workflow]) => workflow.startsWith('Package: completions') && workflow.endsWith(`(bench ${entry.scenario.id})`));
		const peerTiming = Object.entries(timings).find(([workflow]) => workflow.startsWith('Peer: completions') && workflow.endsWith(`(bench ${entry.scenario.id})`));
		const cause =
			`Thought Industries (${entry.scenario.label}): node ${fmt(entry.rate.node)} records/s, HTTP Request ${fmt(entry.rate.peer)} records/s. ` +
			(nodeTiming && peerTiming ? `${timingLine('node workflow', nodeTiming[1])}; ${timingLine('HTTP Request workflow', peerTiming[1])}.` : '');
		targets.push(ratioTarget(name, ratio, `${fmt(entry.rate.node)} vs ${fmt(entry.rate.peer)} records/s`, cause));
		bars.push({ label: `peers: TI records (${entry.scenario.id})`, value: ratio, target: TARGET_RATIO, higherIsBetter: true, unit: '' });
		throughputRows.push([
			`Thought Industries, ${fmt(entry.records, 0)} records (${entry.scenario.label}): Thought Industries node vs HTTP Request (predefined credential)`,
			`${fmt(entry.rate.node)} records/s`,
			`${fmt(entry.rate.peer)} records/s`,
			fmt(ratio, 2),
			`recorded per round: node ${entry.rounds.node.map((round) => round.recorded).join(', ')}; HTTP Request ${entry.rounds.peer.map((round) => round.recorded).join(', ')}. ` +
				`TCP connections per round (most open at once): node ${entry.rounds.node.map((round) => `${round.connections} (${round.peakOpen})`).join(', ')}; ` +
				`HTTP Request ${entry.rounds.peer.map((round) => `${round.connections} (${round.peakOpen})`).join(', ')}`,
		]);
		const sample = (key: 'node' | 'peer') => `\`${entry.samples[key].method} ${entry.samples[key].path}\` \`${entry.samples[key].headers['content-type']}\` \`${entry.samples[key].body}\``;
		evidence.push(`- Thought Industries (${entry.scenario.label}), one record as sent: node ${sample('node')}; HTTP Request ${sample('peer')}.`);
		if (nodeTiming && peerTiming) evidence.push(`- Thought Industries (${entry.scenario.label}), n8n's per-node times of the last round: ${timingLine('node', nodeTiming[1])}; ${timingLine('HTTP Request', peerTiming[1])}.`);
	}
	{
		const [node, peer] = actions.measured;
		const ratio = node.rate / peer.rate;
		const nodeTiming = Object.entries(timings).find(([workflow]) => workflow.startsWith('Package: find an AcademyOcean learner'));
		const peerTiming = Object.entries(timings).find(([workflow]) => workflow.startsWith('Peer: find an AcademyOcean learner'));
		const cause =
			`AcademyOcean read + write: node ${fmt(node.rate)} executions/s, HTTP Request ${fmt(peer.rate)}/s. ` +
			(nodeTiming && peerTiming ? `${timingLine('node workflow', nodeTiming[1])}; ${timingLine('HTTP Request workflow', peerTiming[1])}.` : '');
		targets.push(ratioTarget(PEER_TARGETS[3].name, ratio, `${fmt(node.rate)} vs ${fmt(peer.rate)} executions/s`, cause));
		bars.push({ label: 'peers: AO read + write', value: ratio, target: TARGET_RATIO, higherIsBetter: true, unit: '' });
		const tokens = (key: string) => actions.tokens[key];
		throughputRows.push([
			`AcademyOcean, one read + one write per execution: AcademyOcean node vs HTTP Request + OAuth2 API`,
			`${fmt(node.rate)} executions/s`,
			`${fmt(peer.rate)} executions/s`,
			fmt(ratio, 2),
			`token requests: node ${tokens('node').cold} for ${tokens('node').coldExecutions} cold executions at once + ${tokens('node').warm} in ${fmt(tokens('node').warmExecutions, 0)} later; ` +
				`OAuth2 API ${tokens('peer').cold} + ${tokens('peer').warm} in ${fmt(tokens('peer').warmExecutions, 0)}; API calls per execution ${fmt(actions.callsPerExecution.node, 2)} / ${fmt(actions.callsPerExecution.peer, 2)}`,
		]);
		if (nodeTiming && peerTiming) evidence.push(`- AcademyOcean read + write, n8n's per-node times of the newest execution: ${timingLine('node', nodeTiming[1])}; ${timingLine('HTTP Request', peerTiming[1])}.`);
	}

	const [aoTable, canvasTable] = webhooks.correctness;
	const triggerThrough = forgedThrough(aoTable, 'trigger').through + forgedThrough(canvasTable, 'trigger').through;
	const forgedTotal = forgedThrough(aoTable, 'trigger').of + forgedThrough(canvasTable, 'trigger').of;
	targets.push({
		...PEER_TARGETS[4],
		measured: `${triggerThrough} of ${forgedTotal}`,
		verdict: triggerThrough === 0 ? 'met' : 'missed',
		...(triggerThrough === 0 ? {} : { note: 'The trigger acted on a forged delivery: see the correctness tables of the Peers section. This is a security defect, not a performance figure.' }),
	});
	const homeMade = [
		['AcademyOcean Crypto + If', forgedThrough(aoTable, 'peer')],
		['its JSON.stringify variant', forgedThrough(aoTable, 'peerParsedBody')],
		['Canvas JWT + If', forgedThrough(canvasTable, 'peer')],
	] as const;
	targets.push({
		...PEER_TARGETS[5],
		measured: homeMade.map(([label, { through, of }]) => `${label} ${through} of ${of}`).join('; '),
		verdict: 'reported',
	});

	const method = [
		`n8n ${N8N_VERSION} (scripts/n8n/provision.ts, cached outside the repo) on ${nodeBin}, started by scripts/n8n/instance.ts on 127.0.0.1 with SQLite and default execution saving, the built package staged as a community package; started in ${fmt(session.startSeconds, 0)} s. User folder: .n8n-sandbox/bench-peers* (git-ignored). Fakes: Thought Industries and AcademyOcean each in its own process (bench/servers/fakeHost.ts), Canvas's JWKS in the suite's process.`,
		`Workflows: the importable files in bench/peers/ (see its README for how each is built and why), created through n8n's public API with the run's credentials and the fakes' addresses, and published.`,
		`Webhooks, throughput: undici, ${args.webhooks.connections} connections, closed loop, signed 1 KB AcademyOcean events (unique ids) or Canvas course_completed JWTs (RS256, unique request ids, sent as text/plain); ${args.webhooks.warmupSeconds} s warm-up each, then ${args.webhooks.rounds} rounds of ${args.webhooks.roundSeconds} s each in rotated order. A round's rate counts a delivery once n8n has FINISHED the execution it started (read from n8n's database): the trigger answers before its execution runs, the Respond to Webhook workflows after most of theirs, so answers alone would flatter the trigger. Median of rounds.`,
		`Webhooks, correctness: every case of the corpus sent to every workflow, one at a time; "acted on" = the workflow's next step (\`${DOWNSTREAM_NODE}\`, a No Operation node standing for what the workflow does) ran with the delivery, read from n8n's execution records. The cases are those of the trigger's attack tests (test/nodes/learningPlatformTrigger.test.ts), each around a fresh event so no de-duplication record hides what the verification does; the replay row sends one genuine delivery twice.`,
		`Thought Industries: one execution per round, ${fmt(args.records.records, 0)} records posted to a Webhook (responding when the last node finishes), Split Out, then the node or the HTTP Request node; ${args.records.warmups} warm-up and ${args.records.rounds} measured rounds each, alternating; records/s counts what the fake recorded. Scenarios: ${args.records.scenarios.map((scenario) => `${scenario.id} (${scenario.label})`).join(', ')}.`,
		`AcademyOcean actions: each execution finds one learner by email (the fake academy has ${fmt(args.actions.learners, 0)}; each request names the next) and adds them to a team; ${args.actions.connections} connections closed loop, ${args.actions.warmupSeconds} s warm-up, ${args.actions.rounds} rounds of ${args.actions.roundSeconds} s; token requests counted by the fake: first a cold burst (${args.actions.connections} executions at once on a credential that has no token yet), then every round.`,
	];

	return {
		id: 'peers',
		title: PEERS_TITLE,
		method,
		tables: [
			{
				caption: 'Throughput against the home-made versions (median of rounds; ratio = package ÷ home-made, target >= 1.0)',
				table: { headers: ['comparison', 'package', 'home-made', 'ratio', 'details'], rows: throughputRows },
			},
			{ caption: 'Correctness, AcademyOcean: the trigger\'s attack corpus into each workflow', table: correctnessMarkdown(aoTable) },
			{ caption: 'Correctness, Canvas: the trigger\'s attack corpus into each workflow', table: correctnessMarkdown(canvasTable) },
		],
		targets,
		evidence,
		bars,
		groups: [
			{
				title: 'Peers: package vs home-made',
				unit: 'per second',
				categories: [...webhooks.throughput.map(({ source }) => `${source} webhook`), ...records.map((entry) => `TI records ${entry.scenario.id}`), 'AO read + write'],
				series: [
					{ name: 'package', values: [...webhooks.throughput.map(({ measured }) => measured[0].rate), ...records.map((entry) => entry.rate.node), actions.measured[0].rate] },
					{ name: "n8n's own nodes", values: [...webhooks.throughput.map(({ measured }) => measured[1].rate), ...records.map((entry) => entry.rate.peer), actions.measured[1].rate] },
				],
			},
		],
	};
}
