/**
 * AcademyOcean behind Laravel's throttle: a fixed window per token, 429 with its stock body. The
 * node learns the window after one refusal and sends each window's worth, then waits for its end.
 */
import type { INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { forgetClientCredentialsTokens } from '../../../nodes/shared/clientCredentialsToken';
import { forgetBudgets } from '../../../nodes/shared/rateLimit/budget';
import { FakeAcademyOcean, demoAcademy } from '../../fakes/academyOcean.ts';
import { FaultyFront } from '../../fakes/faults/faultyFront.ts';
import { AO_CLIENT_ID, AO_CLIENT_SECRET } from '../../harness/academyOceanFixture.ts';
import type { NodeUnderTest } from '../../harness/engine.ts';
import { newEngine, pairedIndexes, stoppingPointOf } from './fixtures.ts';

const engine = newEngine();
let fake: FakeAcademyOcean;
let front: FaultyFront;

beforeAll(async () => {
	fake = await new FakeAcademyOcean(demoAcademy(), {
		clientId: AO_CLIENT_ID,
		clientSecret: AO_CLIENT_SECRET,
		rateLimit: { style: 'fixedWindow', limit: 20, windowSeconds: 3 },
	}).start();
	front = await new FaultyFront(fake.url).start();
});

afterAll(async () => {
	await front.stop();
	await fake.stop();
});

beforeEach(() => {
	forgetBudgets();
	forgetClientCredentialsTokens();
	fake.calls.length = 0;
	fake.rateLimit.configure(fake.rateLimit.settings);
	fake.rateLimit.resetStats();
});

function credential(url: string): INodeCredentialsDetails {
	return engine.credentials.add('academyOceanOAuth2Api', { clientId: AO_CLIENT_ID, clientSecret: AO_CLIENT_SECRET, baseUrl: url });
}

function node(url: string, resource: string, operation: string, parameters: INodeParameters, account = credential(url)): NodeUnderTest {
	return { type: 'academyOcean', parameters: { resource, operation, ...parameters }, credentials: { academyOceanOAuth2Api: account } };
}

const emails = (count: number) => Array.from({ length: count }, (_, index) => ({ email: `invitee${index}@example.com` }));

test('Invite > Check for 50 items through a 20-per-3-seconds window: every item done once, in order', async () => {
	const result = await engine.run(node(fake.url, 'invite', 'check', { emails: '={{ $json.email }}' }), emails(50));

	expect(result.status).toBe('success');
	expect(pairedIndexes(result)).toEqual(Array.from({ length: 50 }, (_, index) => index));
	expect(result.items.map((item) => item.json.email)).toEqual(emails(50).map(({ email }) => email));
	const answered = fake.callsOf('checkLearnerInvite').filter((call) => call.status === 200);
	expect(answered).toHaveLength(50);
	expect(new Set(answered.map((call) => JSON.stringify(call.options.emails))).size).toBe(50);
	// One refusal teaches the node the window; it then waits for each window's end.
	expect(fake.rateLimit.stats.limited).toBeLessThanOrEqual(3);
});

test('an invite whose answer was lost is not sent again (it may email twice); the error says so', async () => {
	const account = credential(front.url);
	// A token first, so that the lost answer is the invite's (a lost token answer is simply fetched again).
	expect((await engine.run(node(front.url, 'academy', 'getAll', {}, account))).status).toBe('success');
	front.loseAnswers(1);
	const result = await engine.run(
		node(
			front.url,
			'invite',
			'create',
			{ invitees: { invitee: [{ email: '={{ $json.email }}', name: 'Invitee', type: 'learner' }] }, sendEmail: true },
			account,
		),
		emails(1),
	);
	expect(result.status).toBe('error');
	expect(result.error?.message).toContain('No answer from AcademyOcean for item 0 after it was sent: it may have been applied');
	expect(String((result.error as { description?: string }).description)).toContain('an invite can send an invitation email');
	expect(fake.callsOf('inviteLearners')).toHaveLength(1);
	expect(fake.state.invites.some((invite) => invite.email === 'invitee0@example.com')).toBe(true);
});

test('a lost answer to a read is sent again, and so is a lost token answer', async () => {
	front.loseAnswers(2);
	const result = await engine.run(node(front.url, 'invite', 'check', { emails: '={{ $json.email }}' }), emails(3));
	expect(result.status).toBe('success');
	expect(result.items).toHaveLength(3);
});

test('a bad item stops the run with its own words; the stopping point says what was done', async () => {
	const items = emails(25);
	items[12] = { email: 'not-an-email' };
	const result = await engine.run(node(fake.url, 'invite', 'check', { emails: '={{ $json.email }}' }), items);
	expect(result.status).toBe('error');
	expect(result.error?.message).toContain('(item 12); the node stopped sending: 0 of 25 items done, 24 not sent');
	expect(stoppingPointOf(result, 'done').notSent).toHaveLength(24);
	expect(fake.callsOf('checkLearnerInvite')).toHaveLength(0);
});
