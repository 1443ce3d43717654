// Example 1 in a real n8n: a signed AcademyOcean course.finished webhook -> exactly one Thought
// Industries course activity; tampered deliveries -> 401 and no execution; a retry -> no second call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_LEARNER_EMAIL, ONBOARDING_COURSE_ID } from '../../scripts/sandbox/constants.ts';
import { academyOceanCourseFinished } from '../../scripts/sandbox/demoEvents.ts';
import { academyOceanSignature } from '../../scripts/sandbox/signing.ts';
import { COURSE_ACTIVITY_PATH } from '../fakes/thoughtIndustries.ts';
import { environment } from './environment.ts';
import { errorOf, executionCount, finishedExecutions, postToWebhook, staysTheSame } from './wait.ts';

const TIMEOUT = { timeout: 90_000 };

function post(body: string, headers: Record<string, string>) {
	const { url } = environment().example('academyocean-course').webhooks[0];
	return postToWebhook(url, { headers: { 'content-type': 'application/json', ...headers }, body });
}

const courseCalls = () => environment().fakes.thoughtIndustries.server.requestsTo(COURSE_ACTIVITY_PATH);

export function academyOceanWebhook(): void {
	describe('AcademyOcean course.finished -> Thought Industries (example 1)', () => {
		const finishedAt = new Date('2026-03-01T10:20:30Z');
		const event = academyOceanCourseFinished(finishedAt);
		const body = JSON.stringify(event);
		let signature = '';
		let acceptedAnswer = '';

		it('a signed delivery runs the workflow once and records one course activity with the right body', TIMEOUT, async () => {
			const { secrets, example } = environment();
			const workflowId = example('academyocean-course').id;
			signature = academyOceanSignature(body, secrets.academyOceanWebhookSecret);
			const before = courseCalls().length;

			const response = await post(body, { signature });
			assert.equal(response.status, 200, response.text);
			acceptedAnswer = response.text;

			const [execution] = await finishedExecutions(workflowId, 1);
			assert.equal(execution.status, 'success', errorOf(execution));
			const calls = courseCalls().slice(before);
			assert.equal(calls.length, 1);
			assert.equal(calls[0].headers.authorization, `Bearer ${secrets.thoughtIndustriesApiKey}`);
			assert.match(String(calls[0].headers['content-type']), /application\/json/);
			assert.deepEqual(JSON.parse(calls[0].body), {
				courseSku: ONBOARDING_COURSE_ID,
				userEmail: DEMO_LEARNER_EMAIL,
				completionDate: '2026-03-01T10:20:30+00:00',
			});
		});

		it('the same delivery again (a retry) is answered 200 and causes no second call', TIMEOUT, async () => {
			const workflowId = environment().example('academyocean-course').id;
			const calls = courseCalls().length;
			const executions = await executionCount(workflowId);
			const response = await post(body, { signature });
			assert.equal(response.status, 200);
			await staysTheSame('executions and Thought Industries calls', async () => [await executionCount(workflowId), courseCalls().length]);
			assert.equal(await executionCount(workflowId), executions);
			assert.equal(courseCalls().length, calls);
		});

		it('tampered body, wrong secret or missing signature: 401, no execution, no call, no secret echoed', TIMEOUT, async () => {
			const { secrets, example } = environment();
			const workflowId = example('academyocean-course').id;
			const executions = await executionCount(workflowId);
			const calls = courseCalls().length;
			const other = JSON.stringify(academyOceanCourseFinished(finishedAt));
			const attempts: Array<[string, string, Record<string, string>]> = [
				['tampered body', JSON.stringify({ ...event, learner: { email: 'mallory@example.com' } }), { signature }],
				['wrong secret', other, { signature: academyOceanSignature(other, `${secrets.academyOceanWebhookSecret}x`) }],
				['missing signature', other, {}],
				['signature of another body', other, { signature }],
			];
			for (const [name, attempt, headers] of attempts) {
				const { status, text } = await post(attempt, headers);
				assert.equal(status, 401, `${name}: ${text}`);
				assert.ok(!text.includes(secrets.academyOceanWebhookSecret), `${name}: the answer leaks the secret`);
			}
			await staysTheSame('executions and Thought Industries calls', async () => [await executionCount(workflowId), courseCalls().length]);
			assert.equal(await executionCount(workflowId), executions);
			assert.equal(courseCalls().length, calls);
		});

		// The example's trigger is version 2: Respond defaults to When Last Node Finishes, answered by n8n
		// with an empty body once the workflow succeeded (the execution above was already done).
		it('answers an accepted delivery 200 with an empty body once the workflow succeeded (Respond: When Last Node Finishes)', () => {
			assert.equal(acceptedAnswer, '');
		});
	});
}
