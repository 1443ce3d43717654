/**
 * Webhook peers: the Learning Platform Trigger against what users build from n8n's Webhook, Crypto,
 * JWT, If and Respond to Webhook nodes (bench/peers/*.json), for AcademyOcean and Canvas.
 *  1. Correctness: every case of the corpus (corpus.ts) into every workflow; a delivery is "let
 *     through" when the workflow's next step (the `Verified Event` node) ran with it.
 *  2. Throughput: genuine deliveries, end to end (throughput.ts).
 */
import { randomUUID } from 'node:crypto';

import { FakeCanvasJwks } from '../../../test/fakes/canvasJwks.ts';
import { progress } from '../../lib/processes.ts';
import { academyOceanCorpus, canvasCorpus, canvasKeys, signedAcademyOcean, signedCanvas } from './corpus.ts';
import type { CorpusCase } from './corpus.ts';
import { executionsWithData, ranWithItems, timingBreakdown } from './executions.ts';
import { post } from './load.ts';
import type { PeerSession } from './session.ts';
import { measureSideBySide } from './throughput.ts';
import type { LoadArgs, Measured } from './throughput.ts';
import { instantiate, loadPeerWorkflow } from './workflows.ts';

export const DOWNSTREAM_NODE = 'Verified Event';

export interface Verdict {
	/** The answer to the judged delivery. */
	status: number;
	/** Executions it started. */
	executions: number;
	/** Whether the workflow acted on it (its next step ran). */
	acted: boolean;
}

export interface WebhookWorkflow {
	key: string;
	label: string;
	role: 'package' | 'peer' | 'diagnostic';
	id: string;
	url: string;
}

export interface CorrectnessTable {
	source: 'AcademyOcean' | 'Canvas';
	workflows: WebhookWorkflow[];
	cases: CorpusCase[];
	/** case id -> workflow key -> verdict */
	verdicts: Record<string, Record<string, Verdict>>;
}

export interface WebhookResults {
	correctness: CorrectnessTable[];
	throughput: Array<{ source: 'AcademyOcean' | 'Canvas'; measured: Measured[]; timing: Record<string, ReturnType<typeof timingBreakdown>> }>;
}

async function judge(session: PeerSession, workflow: WebhookWorkflow, testCase: CorpusCase): Promise<Verdict> {
	let verdict: Verdict = { status: 0, executions: 0, acted: false };
	for (const delivery of testCase.deliveries) {
		const before = await session.executions.settle(workflow.id, 200);
		const { status } = await post(workflow.url, delivery);
		const after = await session.executions.settle(workflow.id, 1200);
		const started = after - before;
		const executions = started > 0 ? await executionsWithData(session.api, workflow.id, started) : [];
		verdict = { status, executions: started, acted: executions.some((execution) => ranWithItems(execution, DOWNSTREAM_NODE)) };
	}
	return verdict;
}

async function correctness(session: PeerSession, source: CorrectnessTable['source'], workflows: WebhookWorkflow[], cases: CorpusCase[]): Promise<CorrectnessTable> {
	const verdicts: CorrectnessTable['verdicts'] = {};
	for (const testCase of cases) {
		verdicts[testCase.id] = {};
		for (const workflow of workflows) verdicts[testCase.id][workflow.key] = await judge(session, workflow, testCase);
	}
	progress(
		`${source} corpus: ` +
			workflows
				.map((workflow) => `${workflow.key} let ${cases.filter((testCase) => testCase.kind === 'forged' && verdicts[testCase.id][workflow.key].acted).length} forged through`)
				.join(', '),
	);
	// The peers are built right: each accepts the plain genuine delivery, or this comparison means nothing.
	for (const workflow of workflows) {
		const genuine = cases[0];
		if (!verdicts[genuine.id][workflow.key].acted) {
			throw new Error(`${workflow.label} did not act on a genuine delivery (${genuine.label}): answered ${verdicts[genuine.id][workflow.key].status}`);
		}
	}
	return { source, workflows, cases, verdicts };
}

export async function webhookPeers(session: PeerSession, load: LoadArgs, timingSample: number): Promise<WebhookResults> {
	const secret = `whsec-bench-${randomUUID()}`;
	const keys = canvasKeys();
	const jwks = await new FakeCanvasJwks([keys.current.jwk, keys.next.jwk]).start();
	try {
		const credentials = {
			academyOceanWebhookApi: await session.credential('academyOceanWebhookApi', 'Bench AcademyOcean webhook secret', { secret }),
			crypto: await session.credential('crypto', 'Bench AcademyOcean webhook secret (Crypto)', { hmacSecret: secret }),
			jwtAuth: await session.credential('jwtAuth', 'Bench Canvas current key (PEM)', {
				keyType: 'pemKey',
				publicKey: keys.current.publicPem,
				privateKey: '',
				algorithm: 'RS256',
			}),
		};
		const publish = async (key: string, label: string, role: WebhookWorkflow['role'], file: string, parameters?: Record<string, Record<string, unknown>>) => {
			const { id, url } = await session.publish(instantiate(loadPeerWorkflow(file), { credentials, parameters, suffix: `(bench ${key})` }));
			return { key, label, role, id, url };
		};
		const aoTrigger = await publish('trigger', 'Learning Platform Trigger', 'package', 'academyocean-webhook.trigger.json');
		const aoPeer = await publish('peer', 'Webhook (raw body) → Crypto → If → Respond', 'peer', 'academyocean-webhook.peer.json');
		const aoParsed = await publish('peerParsedBody', 'the same, Crypto over JSON.stringify($json.body) (common variant)', 'diagnostic', 'academyocean-webhook-parsed-body.peer.json');
		const cvTrigger = await publish('trigger', 'Learning Platform Trigger', 'package', 'canvas-live-event.trigger.json', {
			'Canvas Event': { options: { jwksUrl: jwks.url } },
		});
		const cvPeer = await publish('peer', 'Webhook → JWT (RS256, current key PEM) → If → Respond', 'peer', 'canvas-live-event.peer.json');
		// Diagnostics for the throughput: the trigger without its de-duplication (which the home-made versions do not have).
		const noDedup = { ignoreDuplicates: false };
		const aoTriggerNoDedup = await publish('triggerNoDedup', 'Learning Platform Trigger, de-duplication off', 'diagnostic', 'academyocean-webhook.trigger.json', {
			'AcademyOcean Event': { options: noDedup },
		});
		const cvTriggerNoDedup = await publish('triggerNoDedup', 'Learning Platform Trigger, de-duplication off', 'diagnostic', 'canvas-live-event.trigger.json', {
			'Canvas Event': { options: { jwksUrl: jwks.url, ...noDedup } },
		});

		const correctnessTables = [
			await correctness(session, 'AcademyOcean', [aoTrigger, aoPeer, aoParsed], academyOceanCorpus(secret)),
			await correctness(session, 'Canvas', [cvTrigger, cvPeer], canvasCorpus(keys)),
		];

		const throughput: WebhookResults['throughput'] = [];
		for (const [source, pair, next] of [
			['AcademyOcean', [aoTrigger, aoPeer, aoTriggerNoDedup], () => signedAcademyOcean(secret)],
			['Canvas', [cvTrigger, cvPeer, cvTriggerNoDedup], () => signedCanvas(keys)],
		] as const) {
			const measured = await measureSideBySide(
				session,
				pair.map((workflow) => ({ key: workflow.key, label: workflow.label, workflowId: workflow.id, url: workflow.url, next })),
				load,
				source,
			);
			const timing: Record<string, ReturnType<typeof timingBreakdown>> = {};
			for (const workflow of pair) timing[workflow.key] = timingBreakdown(await executionsWithData(session.api, workflow.id, timingSample));
			throughput.push({ source, measured, timing });
		}
		return { correctness: correctnessTables, throughput };
	} finally {
		await jwks.stop();
	}
}
