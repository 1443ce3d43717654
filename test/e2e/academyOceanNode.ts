// The AcademyOcean node in a real n8n, state round trip against the fake academy:
// invite -> check invite (not used) -> the invitee signs up -> check invite (used).
// The workflow starts with n8n's own Webhook node answering with the last node's items.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { NEW_LEARNERS_TEAM_ID } from '../../scripts/sandbox/constants.ts';
import { environment } from './environment.ts';
import { postToWebhook } from './wait.ts';

const PACKAGE = 'n8n-nodes-learning-platforms';
const RUN = randomUUID().slice(0, 8);

/** Webhook -> [Invite ->] Check Invite, answering with Check Invite's items. */
function inviteWorkflow(credential: { id: string; name: string }, path: string, invite: boolean) {
	const academyOcean = (name: string, position: number[], parameters: Record<string, unknown>) => ({
		id: randomUUID(), name, type: `${PACKAGE}.academyOcean`, typeVersion: 1, position, parameters,
		credentials: { academyOceanOAuth2Api: credential },
	});
	const webhook = {
		id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	const inviteNode = academyOcean('Invite', [220, 0], {
		resource: 'invite', operation: 'create', sendEmail: false,
		invitees: { invitee: [{ email: '={{ $json.body.email }}', name: '={{ $json.body.name }}', type: 'learner', teams: NEW_LEARNERS_TEAM_ID }] },
	});
	const check = academyOcean('Check Invite', [440, 0], { resource: 'invite', operation: 'check', emails: "={{ $('Webhook').item.json.body.email }}" });
	const to = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		name: `e2e: AcademyOcean ${invite ? 'invite and check' : 'check invite'} ${RUN}`,
		nodes: invite ? [webhook, inviteNode, check] : [webhook, check],
		connections: invite ? { Webhook: to('Invite'), Invite: to('Check Invite') } : { Webhook: to('Check Invite') },
		settings: { executionOrder: 'v1' },
	};
}

export function academyOceanNode(): void {
	describe('AcademyOcean node: invite -> check invite', () => {
		it('invites through the API, sees the invite unused, then used after sign-up; one token throughout', { timeout: 90_000 }, async () => {
			const { api, record, fakes, n8n } = environment();
			const credential = { id: record.credentials.academyOceanOAuth2Api, name: 'Sandbox AcademyOcean' };
			const ids: string[] = [];
			for (const invite of [true, false]) {
				const path = `e2e-${invite ? 'invite' : 'check'}-${RUN}`;
				const { id } = await api.createWorkflow(inviteWorkflow(credential, path, invite));
				await api.publish(id);
				await api.waitForWebhook(`${n8n.url}/webhook/${path}`);
				ids.push(id);
			}
			const email = `e2e-${RUN}@example.com`;
			const run = async (path: string) => {
				const { status, text } = await postToWebhook(`${n8n.url}/webhook/${path}`, {
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ email, name: 'E2E Invitee' }),
				});
				assert.equal(status, 200, text);
				return JSON.parse(text) as Array<Record<string, unknown>>;
			};

			const firstCheck = await run(`e2e-invite-${RUN}`);
			const invite = fakes.academyOcean.state.invites.find((candidate) => candidate.email === email);
			assert.ok(invite, 'the fake academy holds the invite');
			assert.deepEqual(invite.teams, [NEW_LEARNERS_TEAM_ID]);
			assert.equal(firstCheck.length, 1);
			assert.equal(firstCheck[0].email, email);
			assert.equal(firstCheck[0].is_found, true);
			assert.equal(firstCheck[0].is_used, false);

			fakes.academyOcean.acceptInvite(email);
			const secondCheck = await run(`e2e-check-${RUN}`);
			assert.equal(secondCheck[0].is_found, true);
			assert.equal(secondCheck[0].is_used, true);
			for (const id of ids) await api.unpublish(id);

			// Every AcademyOcean call in this suite, across executions and workflows, used one token.
			assert.equal(fakes.academyOcean.tokenRequests, 1);
		});
	});
}
