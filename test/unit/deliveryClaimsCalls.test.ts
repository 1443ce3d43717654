// The store calls each claim batch makes (deliveryClaims.ts), recorded with their arguments on the model
// of n8n's processed-data store: no round trip without work, removals name exactly the entries that
// describe no state, and the entries a batch keeps are the ones later checks rely on.
import type { ClaimSettings } from '../../nodes/LearningPlatformTrigger/deliveryClaims';
import { applyClaimBatch, claimDeliveries, settleDeliveries, slotMs } from '../../nodes/LearningPlatformTrigger/deliveryClaims';
import type { ProcessedDataStore } from '../../nodes/LearningPlatformTrigger/processedDataLock';
import { nodeHelpers, ProcessedDataHelperModel, ProcessedDataTable } from '../harness/processedData.ts';

const WORKFLOW_ID = 'workflow-1';
const NODE_ID = 'trigger-1';
const SETTINGS: ClaimSettings = { leaseMs: 300_000, maxEntries: 5000 };
const SLOT = slotMs(SETTINGS.leaseMs);
// The start of a slot, so that claims made at NOW name slot CURRENT.
const CURRENT = 30_000_000;
const NOW = CURRENT * SLOT;
const REMOVE = { mode: 'entries' };

function recordingStore() {
	const helper = new ProcessedDataHelperModel(new ProcessedDataTable());
	const helpers = nodeHelpers(helper, WORKFLOW_ID, NODE_ID);
	const calls: unknown[][] = [];
	const store: ProcessedDataStore = {
		checkProcessedAndRecord: async (items, scope, options) => {
			calls.push(['checkProcessedAndRecord', items, scope, options]);
			return await helpers.checkProcessedAndRecord(items, scope, options);
		},
		removeProcessed: async (items, scope, options) => {
			calls.push(['removeProcessed', items, scope, options]);
			await helpers.removeProcessed(items, scope, options);
		},
		clearAllProcessedItems: async (scope, options) => {
			calls.push(['clearAllProcessedItems', scope, options]);
			await helpers.clearAllProcessedItems(scope, options);
		},
	};
	return { store, calls, has: (value: string) => helper.nodeHas(WORKFLOW_ID, NODE_ID, value), entries: () => helper.nodeEntries(WORKFLOW_ID, NODE_ID) };
}

test('an empty batch makes no store call', async () => {
	const { store, calls } = recordingStore();
	expect(await applyClaimBatch(store, { claims: [], done: [], released: [] }, SETTINGS, NOW)).toEqual(new Map());
	await settleDeliveries(store, [], [], SETTINGS);
	expect(calls).toEqual([]);
});

test('releasing claims alone is one removal of exactly those claims, with no check', async () => {
	const { store, calls, entries } = recordingStore();
	await claimDeliveries(store, ['a'], SETTINGS, NOW);
	calls.length = 0;
	expect(await applyClaimBatch(store, { claims: [], done: [], released: [`a@${CURRENT}`] }, SETTINGS, NOW)).toEqual(new Map());
	await settleDeliveries(store, [], [`a@${CURRENT}`], SETTINGS);
	expect(calls).toEqual([
		['removeProcessed', [`a@${CURRENT}`], 'node', REMOVE],
		['removeProcessed', [`a@${CURRENT}`], 'node', REMOVE],
	]);
	expect(entries()).toEqual([]);
});

test("a claim's check asks about the marker, the done entry and the lease's claims, then removes all but the new claim", async () => {
	const { store, calls } = recordingStore();
	const asked = ['a#checking', 'a', ...[0, 1, 2, 3, 4, 5].map((back) => `a@${CURRENT - back}`)];
	expect(await claimDeliveries(store, ['a'], SETTINGS, NOW)).toEqual(new Map([['a', { state: 'claimed', claim: `a@${CURRENT}` }]]));
	expect(calls).toEqual([
		['checkProcessedAndRecord', asked, 'node', { mode: 'entries', maxEntries: 5000 + asked.length }],
		['removeProcessed', asked.filter((entry) => entry !== `a@${CURRENT}`), 'node', REMOVE],
	]);
});

test('a failed settlement and a retry of its delivery in one batch, in the same slot: the retry claims it and its claim stays recorded', async () => {
	const { store, has } = recordingStore();
	await claimDeliveries(store, ['a'], SETTINGS, NOW);
	const retried = await applyClaimBatch(store, { claims: ['a'], done: [], released: [`a@${CURRENT}`] }, SETTINGS, NOW);
	expect(retried).toEqual(new Map([['a', { state: 'claimed', claim: `a@${CURRENT}` }]]));
	expect(has(`a@${CURRENT}`)).toBe(true);
	expect(await claimDeliveries(store, ['a'], SETTINGS, NOW)).toEqual(new Map([['a', { state: 'running' }]]));
});

test("an interrupted check of one delivery does not make another delivery's check distrust its done entry", async () => {
	const { store } = recordingStore();
	await settleDeliveries(store, [{ key: 'done-1', claim: `done-1@${CURRENT}` }], [], SETTINGS);
	const killedBeforeCleanUp: ProcessedDataStore = { ...store, removeProcessed: async () => Promise.reject(new Error('SIGKILL')) };
	await expect(claimDeliveries(killedBeforeCleanUp, ['cut-short'], SETTINGS, NOW)).rejects.toThrow('SIGKILL');
	expect(await claimDeliveries(store, ['done-1'], SETTINGS, NOW)).toEqual(new Map([['done-1', { state: 'done' }]]));
});

test('the resend of a delivery whose check was interrupted a slot earlier keeps its new claim: a further retry sees it running', async () => {
	const { store, has } = recordingStore();
	const killedBeforeCleanUp: ProcessedDataStore = { ...store, removeProcessed: async () => Promise.reject(new Error('SIGKILL')) };
	await expect(claimDeliveries(killedBeforeCleanUp, ['cut-short'], SETTINGS, NOW - SLOT)).rejects.toThrow('SIGKILL');
	expect(await claimDeliveries(store, ['cut-short'], SETTINGS, NOW)).toEqual(new Map([['cut-short', { state: 'claimed', claim: `cut-short@${CURRENT}` }]]));
	expect(has(`cut-short@${CURRENT}`)).toBe(true);
	expect(await claimDeliveries(store, ['cut-short'], SETTINGS, NOW)).toEqual(new Map([['cut-short', { state: 'running' }]]));
});
