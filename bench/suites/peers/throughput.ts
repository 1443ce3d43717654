/**
 * Throughput of webhook-started workflows, end to end: deliveries per second from the first request
 * until n8n has FINISHED every execution they started (a trigger answers before its execution runs,
 * a Respond to Webhook workflow after most of it; counting answers alone would favour the first).
 */
import { progress } from '../../lib/processes.ts';
import { fmt, median, quantile } from '../../lib/stats.ts';
import type { Delivery } from './corpus.ts';
import { closedLoop } from './load.ts';
import type { LoadResult } from './load.ts';
import type { PeerSession } from './session.ts';

export interface LoadArgs {
	connections: number;
	warmupSeconds: number;
	roundSeconds: number;
	rounds: number;
}

export interface Contender {
	key: string;
	label: string;
	workflowId: string;
	url: string;
	next: () => Delivery;
	/** Called after each of its rounds (warm-up included), e.g. to attribute a fake's counters to it. */
	afterRound?: (measured: boolean) => Promise<void>;
}

export interface Round extends LoadResult {
	/** Deliveries per second until their executions finished. */
	processedPerSecond: number;
}

export interface Measured {
	contender: Contender;
	rounds: Round[];
	/** Median of the rounds' processed/s. */
	rate: number;
	p50: number;
	p99: number;
	failed: number;
	statuses: string;
}

async function round(session: PeerSession, contender: Contender, connections: number, seconds: number, measured: boolean): Promise<Round> {
	const before = session.executions.count(contender.workflowId).finished;
	const load = await closedLoop(contender.url, contender.next, { connections, seconds });
	if (load.failed) throw new Error(`${contender.label}: ${load.failed} deliveries were not answered 200 (first: ${load.firstError})`);
	const finishedAt = await session.executions.waitForFinished(contender.workflowId, before + load.ok);
	await contender.afterRound?.(measured);
	return { ...load, processedPerSecond: load.ok / ((finishedAt - load.startedAt) / 1000) };
}

/** Warm-up for each, then `rounds` rounds in rotated order; medians. */
export async function measureSideBySide(session: PeerSession, contenders: Contender[], args: LoadArgs, title: string): Promise<Measured[]> {
	for (const contender of contenders) await round(session, contender, args.connections, args.warmupSeconds, false);
	const rounds = new Map<string, Round[]>(contenders.map((contender) => [contender.key, []]));
	for (let index = 0; index < args.rounds; index++) {
		for (let offset = 0; offset < contenders.length; offset++) {
			const contender = contenders[(index + offset) % contenders.length];
			(rounds.get(contender.key) as Round[]).push(await round(session, contender, args.connections, args.roundSeconds, true));
		}
		progress(
			`${title} round ${index + 1}/${args.rounds}: ` +
				contenders
					.map((contender) => {
						const last = (rounds.get(contender.key) as Round[]).at(-1) as Round;
						return `${contender.key} ${fmt(last.processedPerSecond)}/s (answers ${fmt(last.ok / last.seconds)}/s, p50 ${fmt(quantile(last.latencies, 0.5), 1)} ms)`;
					})
					.join(', '),
		);
	}
	return contenders.map((contender) => {
		const own = rounds.get(contender.key) as Round[];
		const latencies = own.flatMap((entry) => entry.latencies);
		const statuses: Record<string, number> = {};
		for (const entry of own) for (const [status, count] of Object.entries(entry.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
		return {
			contender,
			rounds: own,
			rate: median(own.map((entry) => entry.processedPerSecond)),
			p50: quantile(latencies, 0.5),
			p99: quantile(latencies, 0.99),
			failed: own.reduce((sum, entry) => sum + entry.failed, 0),
			statuses: Object.entries(statuses)
				.map(([status, count]) => `${status}: ${fmt(count, 0)}`)
				.join(', '),
		};
	});
}
