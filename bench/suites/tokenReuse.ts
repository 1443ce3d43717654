/**
 * Benchmark 2 — token reuse. Token requests the AcademyOcean fake receives for a cold 1,000-item
 * execution of the built AcademyOcean node and for 10 warm executions after it (and after a
 * simulated restart that empties the in-memory cache), side by side with n8n's documented
 * mechanism alone (preAuthentication with an expirable field, no single-flight).
 *
 * Args: JSON `{ rounds, referenceRounds, coldItems, warmExecutions, warmItems }`.
 */
import type { ICredentialType, IDataObject } from 'n8n-workflow';

import { demoAcademy } from '../../test/fakes/academyOcean.ts';
import { Engine } from '../../test/harness/engine.ts';
import { withPreAuthenticationAlone } from '../../test/harness/preAuthenticationAlone.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET, startFakeAcademyOcean } from '../../test/harness/academyOceanFixture.ts';
import { distCredential, distNode, fromDist } from '../lib/dist.ts';
import { childMain, progress } from '../lib/processes.ts';
import { fmt } from '../lib/stats.ts';
import type { SuiteResult, Target } from '../lib/types.ts';

interface Args {
	rounds: number;
	/** Rounds of the n8n-alone reference (its 1,000 token fetches make it the slow part). */
	referenceRounds: number;
	coldItems: number;
	warmExecutions: number;
	warmItems: number;
}

interface Counts {
	cold: number;
	/** Credential updates during the cold execution (database writes in n8n). */
	coldWrites: number;
	warm: number;
	afterRestart: number;
	apiCalls: number;
}

const { forgetClientCredentialsTokens } = fromDist<{ forgetClientCredentialsTokens: () => void }>(
	'nodes/shared/clientCredentialsToken.js',
);
const { encodePhpForm } = fromDist<{ encodePhpForm: (value: IDataObject) => string }>('nodes/shared/phpForm.js');
// The n8n-alone reference runs unpaced, as RoutingNode sends items without the package's pacing (all at once).
const { setPacingForComparisons } = fromDist<{ setPacingForComparisons: (enabled: boolean) => void }>('nodes/shared/rateLimit/switch.js');

/** The shipped credential with n8n's documented preAuthentication alone: one token fetch per call that finds none. */
function preAuthenticationAlone(): ICredentialType {
	return withPreAuthenticationAlone(distCredential('credentials/AcademyOceanOAuth2Api.credentials.js', 'AcademyOceanOAuth2Api'), encodePhpForm);
}

async function countTokens(credentialType: ICredentialType, args: Args, paced = true): Promise<Counts> {
	forgetClientCredentialsTokens();
	setPacingForComparisons(paced);
	const fake = await startFakeAcademyOcean(demoAcademy());
	try {
		const engine = new Engine({
			nodeTypes: { academyOcean: distNode('nodes/AcademyOcean/AcademyOcean.node.js', 'AcademyOcean') },
			credentialTypes: [credentialType],
		});
		const credential = engine.credentials.add('academyOceanOAuth2Api', {
			clientId: AO_CLIENT_ID,
			clientSecret: AO_CLIENT_SECRET,
			baseUrl: fake.url,
		});
		const node = {
			type: 'academyOcean',
			parameters: { resource: 'certificate', operation: 'getAll', email: '={{ $json.email }}' },
			credentials: { academyOceanOAuth2Api: credential },
		};
		const items = (count: number) =>
			Array.from({ length: count }, (_, index) => ({ email: index % 2 ? 'ada@example.com' : 'grace@example.com' }));
		const run = async (count: number) => {
			const result = await engine.run(node, items(count));
			if (result.status !== 'success') throw new Error(`execution failed: ${result.error?.message}`);
		};

		await run(args.coldItems);
		const cold = fake.tokenRequests;
		const coldWrites = engine.credentials.updates.length;
		for (let execution = 0; execution < args.warmExecutions; execution++) await run(args.warmItems);
		const warm = fake.tokenRequests - cold;
		// A restart: nothing in memory, the token stored on the credential (as n8n keeps it in its database).
		forgetClientCredentialsTokens();
		await run(args.warmItems);
		const afterRestart = fake.tokenRequests - cold - warm;
		const apiCalls = fake.calls.length;
		const expectedCalls = args.coldItems + (args.warmExecutions + 1) * args.warmItems;
		if (apiCalls !== expectedCalls) throw new Error(`the fake answered ${apiCalls} API calls, expected ${expectedCalls}`);
		return { cold, coldWrites, warm, afterRestart, apiCalls };
	} finally {
		setPacingForComparisons(true);
		await fake.stop();
	}
}

childMain(async (): Promise<SuiteResult> => {
	const args = JSON.parse(process.argv[2] ?? '{}') as Args;
	const shipped: Counts[] = [];
	const baseline: Counts[] = [];
	for (let round = 0; round < args.rounds; round++) {
		shipped.push(
			await countTokens(distCredential('credentials/AcademyOceanOAuth2Api.credentials.js', 'AcademyOceanOAuth2Api'), args),
		);
		if (round < args.referenceRounds) baseline.push(await countTokens(preAuthenticationAlone(), args, false));
		progress(`token reuse round ${round + 1}/${args.rounds}: shipped ${JSON.stringify(shipped.at(-1))}, n8n alone ${JSON.stringify(baseline.at(-1))}`);
	}
	const worst = (counts: Counts[], field: keyof Counts) => Math.max(...counts.map((count) => count[field]));
	const same = (counts: Counts[], field: keyof Counts) => counts.every((count) => count[field] === counts[0][field]);
	const show = (counts: Counts[], field: keyof Counts) =>
		same(counts, field) ? fmt(counts[0][field], 0) : counts.map((count) => fmt(count[field], 0)).join(' / ');

	const targets: Target[] = [
		{
			name: `Token requests, cold ${fmt(args.coldItems, 0)}-item execution`,
			target: 'exactly 1',
			measured: `${show(shipped, 'cold')} (every round)`,
			verdict: shipped.every((count) => count.cold === 1) ? 'met' : 'missed',
		},
		{
			name: `Token requests, ${args.warmExecutions} warm executions after it`,
			target: 'exactly 0',
			measured: `${show(shipped, 'warm')} (every round)`,
			verdict: worst(shipped, 'warm') === 0 ? 'met' : 'missed',
		},
	];
	return {
		id: 'tokens',
		title: '2. Token reuse: AcademyOcean OAuth2 client-credentials tokens',
		method: [
			`The built AcademyOcean node (Certificate > Get Many, email from each item by expression) in n8n-core's engine against the fake AcademyOcean (test/fakes/academyOcean.ts), which counts requests to /oauth/token and refuses unknown tokens.`,
			`Per round: a new fake and a credential without a token; one cold execution of ${fmt(args.coldItems, 0)} items, then ${args.warmExecutions} warm executions of ${args.warmItems} items, then the in-memory token cache is emptied (a restart) and one more ${args.warmItems}-item execution runs on the token stored on the credential. ${args.rounds} rounds (the n8n-alone reference: ${args.referenceRounds}); every API call checked (${fmt(shipped[0].apiCalls, 0)} per round).`,
			`Side by side: the shipped credential (preAuthentication + single-flight, nodes/shared/clientCredentialsToken.ts) and the same credential with n8n's documented mechanism alone (preAuthentication with an expirable field, no single-flight). The shipped node runs as it ships (paced, at most 8 requests in flight); the n8n-alone reference runs with the package's pacing switched off, every item at once as RoutingNode sends them, which is what n8n's mechanism meets in a node that does not pace.`,
		],
		tables: [
			{
				caption: 'Token requests per round (and credential writes, which n8n makes for every token preAuthentication returns)',
				table: {
					headers: ['mechanism', `cold ${fmt(args.coldItems, 0)}-item execution`, 'credential writes in it', `${args.warmExecutions} warm executions`, 'after restart (stored token)'],
					rows: [
						['shipped: preAuthentication + single-flight', show(shipped, 'cold'), show(shipped, 'coldWrites'), show(shipped, 'warm'), show(shipped, 'afterRestart')],
						['n8n preAuthentication alone', show(baseline, 'cold'), show(baseline, 'coldWrites'), show(baseline, 'warm'), show(baseline, 'afterRestart')],
					],
				},
			},
		],
		targets,
		evidence: [],
		bars: [],
		groups: [],
	};
});
