// De-duplication must survive a restart (the trigger keeps accepted deliveries in the workflow's static
// data, which n8n saves in its database): a retry that arrives after n8n restarted runs nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { academyOceanCourseFinished, canvasCourseCompleted } from '../../scripts/sandbox/demoEvents.ts';
import { academyOceanSignature, canvasJwt } from '../../scripts/sandbox/signing.ts';
import { clearStaticData, processedEntries, storedStaticData } from './database.ts';
import { environment } from './environment.ts';
import { errorOf, executionCount, finishedExecutions, postToWebhook, staysTheSame } from './wait.ts';

export function restartPersistence(): void {
	describe('retries after an n8n restart', () => {
		// Found here: n8n 2.41.1 does not save a request's static data when the request starts an execution
		// (only the first delivery a trigger ever accepted reached the database). The trigger's execute step
		// now writes the record inside the execution, which n8n saves when the execution ends.
		it('deliveries accepted before the restart are still recognised as retries after it, at the webhook', { timeout: 180_000 }, async () => {
			const env = environment();
			const ao = env.example('academyocean-course');
			const canvas = env.example('canvas-');
			const aoDeliveries = [1, 2, 3].map((day) => {
				const body = JSON.stringify(academyOceanCourseFinished(new Date(`2026-04-0${day}T12:00:00Z`)));
				return { body, headers: { 'content-type': 'application/json', signature: academyOceanSignature(body, env.secrets.academyOceanWebhookSecret) } };
			});
			const token = canvasJwt(canvasCourseCompleted(new Date('2026-04-01T12:00:00Z')), env.key, 900);
			const canvasDelivery = { body: token, headers: { 'content-type': 'text/plain' } };

			const counts = async () => [
				await executionCount(ao.id),
				await executionCount(canvas.id),
				env.fakes.thoughtIndustries.server.requests.length,
			];
			const [aoBefore, canvasBefore] = await counts();
			for (const [index, delivery] of aoDeliveries.entries()) {
				assert.equal((await postToWebhook(ao.webhooks[0].url, delivery)).text, '{"received":true}');
				const [latest] = await finishedExecutions(ao.id, aoBefore + index + 1);
				assert.equal(latest.status, 'success', errorOf(latest));
			}
			assert.equal((await postToWebhook(canvas.webhooks[0].url, canvasDelivery)).text, '{"received":true}');
			const [latestCanvas] = await finishedExecutions(canvas.id, canvasBefore + 1);
			assert.equal(latestCanvas.status, 'success', errorOf(latestCanvas));
			const accepted = await counts();
			// Both records are in the database before the restart: the trigger's static data and n8n's
			// processed-data store, each with every delivery the workflow accepted in this suite.
			for (const [workflow, executions] of [[ao.id, accepted[0]], [canvas.id, accepted[1]]] as const) {
				const [record] = Object.values(storedStaticData(env.n8n.userFolder, workflow)) as Array<{ acceptedDeliveries?: object }>;
				assert.equal(Object.keys(record?.acceptedDeliveries ?? {}).length, executions, `static-data record of workflow ${workflow}`);
				assert.equal(processedEntries(env.n8n.userFolder, workflow), executions, `processed-data entries of workflow ${workflow}`);
			}

			await env.restartN8n();

			// Answered as duplicates by the webhook itself: no execution starts at all.
			for (const delivery of [...aoDeliveries.map((aoDelivery) => [ao, aoDelivery] as const), [canvas, canvasDelivery] as const]) {
				const [workflow, { body, headers }] = delivery;
				assert.equal((await postToWebhook(workflow.webhooks[0].url, { body, headers })).text, '{"received":true,"duplicate":true}');
			}
			await staysTheSame('executions and Thought Industries calls', counts);
			assert.deepEqual(await counts(), accepted);
		});

		it('a retry whose static-data record was overwritten starts an execution that ends at the trigger', { timeout: 120_000 }, async () => {
			const env = environment();
			const ao = env.example('academyocean-course');
			const aoBody = JSON.stringify(academyOceanCourseFinished(new Date('2026-04-02T12:00:00Z')));
			const aoHeaders = { 'content-type': 'application/json', signature: academyOceanSignature(aoBody, env.secrets.academyOceanWebhookSecret) };
			const before = await executionCount(ao.id);
			const callsBefore = env.fakes.thoughtIndustries.server.requests.length;
			assert.equal((await postToWebhook(ao.webhooks[0].url, { headers: aoHeaders, body: aoBody })).status, 200);
			await finishedExecutions(ao.id, before + 1);
			assert.equal(env.fakes.thoughtIndustries.server.requests.length, callsBefore + 1);

			// Another process saving an older copy of the static data, and this process restarting, lose both
			// records the webhook reads; n8n's processed-data store still has the delivery.
			clearStaticData(env.n8n.userFolder, ao.id);
			await env.restartN8n();
			assert.equal((await postToWebhook(ao.webhooks[0].url, { headers: aoHeaders, body: aoBody })).status, 200);
			const [latest] = await finishedExecutions(ao.id, before + 2);
			assert.equal(latest.status, 'success', errorOf(latest));
			// Only the trigger ran in it, and it passed nothing on.
			const ran = Object.entries(latest.data?.resultData?.runData ?? {});
			assert.equal(ran.length, 1, `nodes that ran: ${ran.map(([name]) => name).join(', ')}`);
			assert.deepEqual((ran[0][1][0] as { data?: { main?: unknown[][] } }).data?.main, [[]]);
			await staysTheSame('Thought Industries calls', () => env.fakes.thoughtIndustries.server.requests.length);
			assert.equal(env.fakes.thoughtIndustries.server.requests.length, callsBefore + 1);
		});
	});
}
