// Example 2 in a real n8n: a Canvas course_completed Live Event as an RS256 JWT -> exactly one Thought
// Industries learning path activity; forged or altered tokens -> 401 and no execution; a retry -> no second call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newCanvasKey } from '../../scripts/sandbox/canvasKey.ts';
import { CANVAS_USER_SIS_ID, TI_LEARNING_PATH_ID } from '../../scripts/sandbox/constants.ts';
import { canvasCourseCompleted } from '../../scripts/sandbox/demoEvents.ts';
import { canvasJwt } from '../../scripts/sandbox/signing.ts';
import { LEARNING_PATH_ACTIVITY_PATH } from '../fakes/thoughtIndustries.ts';
import { environment } from './environment.ts';
import { errorOf, executionCount, finishedExecutions, postToWebhook, staysTheSame } from './wait.ts';

const TIMEOUT = { timeout: 90_000 };

function post(body: string) {
	const { url } = environment().example('canvas-').webhooks[0];
	// Canvas does not document a Content-Type for signed events; the body is the bare compact JWT.
	return postToWebhook(url, { headers: { 'content-type': 'text/plain' }, body });
}

const pathCalls = () => environment().fakes.thoughtIndustries.server.requestsTo(LEARNING_PATH_ACTIVITY_PATH);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function canvasLiveEvents(): void {
	describe('Canvas course_completed -> Thought Industries (example 2)', () => {
		const completedAt = new Date('2026-03-02T08:00:00.000Z');
		let token = '';

		it('a signed event runs the workflow once and records one learning path activity with the right body', TIMEOUT, async () => {
			const { key, secrets, example } = environment();
			const workflowId = example('canvas-').id;
			token = canvasJwt(canvasCourseCompleted(completedAt), key);
			const before = pathCalls().length;

			const response = await post(token);
			assert.equal(response.status, 200, response.text);

			const [execution] = await finishedExecutions(workflowId, 1);
			assert.equal(execution.status, 'success', errorOf(execution));
			const calls = pathCalls().slice(before);
			assert.equal(calls.length, 1);
			assert.equal(calls[0].headers.authorization, `Bearer ${secrets.thoughtIndustriesApiKey}`);
			assert.deepEqual(JSON.parse(calls[0].body), {
				userId: CANVAS_USER_SIS_ID,
				learningPathId: TI_LEARNING_PATH_ID,
				status: 'completed',
				completionDate: '2026-03-02T08:00:00.000Z',
			});
		});

		it('the same token again (a retry) is answered 200 and causes no second call', TIMEOUT, async () => {
			const workflowId = environment().example('canvas-').id;
			const executions = await executionCount(workflowId);
			const calls = pathCalls().length;
			const response = await post(token);
			assert.equal(response.status, 200);
			await staysTheSame('executions and Thought Industries calls', async () => [await executionCount(workflowId), pathCalls().length]);
			assert.equal(await executionCount(workflowId), executions);
			assert.equal(pathCalls().length, calls);
		});

		it('altered payload, unknown key, alg none, expired or plain JSON: 401, no execution, no call', TIMEOUT, async () => {
			const { key, example, fakes } = environment();
			const workflowId = example('canvas-').id;
			const executions = await executionCount(workflowId);
			const calls = pathCalls().length;
			const jwksFetchesBefore = fakes.canvasJwks.fetches;
			const event = canvasCourseCompleted(completedAt);
			const [header, , signature] = canvasJwt(event, key).split('.');
			const now = Math.floor(Date.now() / 1000);
			const attempts: Array<[string, string]> = [
				['altered payload', `${header}.${b64({ ...event, iat: now, exp: now + 300, body: { user: { id: 'evil' } } })}.${signature}`],
				['unknown key', canvasJwt(event, newCanvasKey('not-in-the-jwks'))],
				['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...event, iat: now, exp: now + 300 })}.`],
				['expired', canvasJwt(event, key, -3600)],
				['plain JSON', JSON.stringify(event)],
			];
			for (const [name, attempt] of attempts) {
				const response = await post(attempt);
				assert.equal(response.status, 401, `${name}: ${response.text}`);
			}
			await staysTheSame('executions and Thought Industries calls', async () => [await executionCount(workflowId), pathCalls().length]);
			assert.equal(await executionCount(workflowId), executions);
			assert.equal(pathCalls().length, calls);
			assert.ok(fakes.canvasJwks.fetches - jwksFetchesBefore <= 1, 'an unknown kid may refetch the JWKS at most once');
		});
	});
}
