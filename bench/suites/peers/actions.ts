/**
 * AcademyOcean peers: one read (find a learner by email) and one write (add them to a team) per
 * execution, through two AcademyOcean nodes vs two HTTP Request nodes with a form body and n8n's
 * generic OAuth2 API credential (client credentials), against the same fake in its own process.
 * Token requests are counted for each: a cold burst (the credential has no token yet and `connections`
 * executions start at once), then the measured rounds.
 */
import { randomUUID } from 'node:crypto';

import { FakeProcess, progress } from '../../lib/processes.ts';
import type { Delivery } from './corpus.ts';
import { post } from './load.ts';
import type { PeerSession } from './session.ts';
import { measureSideBySide } from './throughput.ts';
import type { LoadArgs, Measured } from './throughput.ts';
import { PLATFORM_ORIGINS, instantiate, loadPeerWorkflow } from './workflows.ts';

export interface ActionsArgs extends LoadArgs {
	/** Learners in the fake academy; each request names the next one. */
	learners: number;
}

interface FakeStats {
	tokenRequests: number;
	calls: number;
	statuses: Record<string, number>;
}

export interface TokenCount {
	/** Token requests during the cold burst (`connections` executions started at once, no token stored yet). */
	cold: number;
	coldExecutions: number;
	/** Token requests during the warm-up and measured rounds after it. */
	warm: number;
	warmExecutions: number;
}

export interface ActionsResult {
	measured: Measured[];
	tokens: Record<string, TokenCount>;
	/** API calls (not token requests) per execution, per contender: 2 when each did one read and one write. */
	callsPerExecution: Record<string, number>;
}

const CONTENDERS = [
	{ key: 'node', label: 'AcademyOcean node (read + write)', file: 'academyocean-read-write.node.json' },
	{ key: 'peer', label: 'HTTP Request + OAuth2 API (read + write)', file: 'academyocean-read-write.peer.json' },
] as const;

export async function actionsPeers(session: PeerSession, args: ActionsArgs): Promise<ActionsResult> {
	const fake = await FakeProcess.start('academyOcean', { learners: args.learners });
	try {
		const { clientId, clientSecret } = await fake.call<{ clientId: string; clientSecret: string }>('config');
		const stats = () => fake.call<FakeStats>('stats');
		const suffix = randomUUID().slice(0, 8);
		const credentials = {
			academyOceanOAuth2Api: await session.credential('academyOceanOAuth2Api', `Bench AcademyOcean ${suffix}`, { clientId, clientSecret, baseUrl: fake.url }),
			oAuth2Api: await session.credential('oAuth2Api', `Bench AcademyOcean OAuth2 API ${suffix}`, {
				grantType: 'clientCredentials',
				accessTokenUrl: `${fake.url}/oauth/token`,
				clientId,
				clientSecret,
				scope: '',
				authentication: 'body',
			}),
		};
		let learner = 0;
		const next = (): Delivery => ({
			body: JSON.stringify({ email: `learner${learner++ % args.learners}@example.com` }),
			headers: { 'content-type': 'application/json' },
		});

		const contenders = [];
		// Rounds never overlap: what the fake counted since the last round ended belongs to the contender whose round just ended.
		let lastStats: FakeStats | undefined;
		const tokens: Record<string, TokenCount> = {};
		const calls: Record<string, { calls: number; executions: number }> = {};
		for (const { key, label, file } of CONTENDERS) {
			const { id, url } = await session.publish(
				instantiate(loadPeerWorkflow(file), { credentials, origins: { [PLATFORM_ORIGINS.academyOcean]: fake.url }, suffix: `(bench ${key})` }),
			);
			// The cold burst: this credential has never been used; `connections` executions start at once.
			const before = await stats();
			const answers = await Promise.all(Array.from({ length: args.connections }, () => post(url, next())));
			const failed = answers.filter((answer) => answer.status !== 200);
			if (failed.length) throw new Error(`${label}: ${failed.length} of the cold executions failed (${failed[0].status}: ${failed[0].text.slice(0, 300)})`);
			const after = await stats();
			tokens[key] = { cold: after.tokenRequests - before.tokenRequests, coldExecutions: args.connections, warm: 0, warmExecutions: 0 };
			calls[key] = { calls: after.calls - before.calls, executions: args.connections };
			progress(`AcademyOcean ${key}: ${tokens[key].cold} token request(s) for ${args.connections} cold executions at once`);

			let executionsBefore = session.executions.count(id).finished;
			contenders.push({
				key,
				label,
				workflowId: id,
				url,
				next,
				afterRound: async () => {
					const now = await stats();
					const since = lastStats as FakeStats;
					const executions = session.executions.count(id).finished;
					tokens[key].warm += now.tokenRequests - since.tokenRequests;
					tokens[key].warmExecutions += executions - executionsBefore;
					calls[key].calls += now.calls - since.calls;
					calls[key].executions += executions - executionsBefore;
					lastStats = now;
					executionsBefore = executions;
				},
			});
		}
		lastStats = await stats();
		const measured = await measureSideBySide(session, contenders, args, 'AcademyOcean actions');
		const callsPerExecution = Object.fromEntries(Object.entries(calls).map(([key, entry]) => [key, entry.calls / entry.executions]));
		return { measured, tokens, callsPerExecution };
	} finally {
		await fake.stop();
	}
}
