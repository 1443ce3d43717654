// The trigger's first step inside an execution (keepFirstDeliveries), against the harness's model of
// n8n 2.41's processed-data store. The execute context is a typed stand-in exposing exactly what the
// step reads; the node's end-to-end behaviour is covered by the engine suites (test/nodes/).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IRunExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError, ObservableObject } from 'n8n-workflow';

import {
	DELIVERY_KEY_PROPERTY,
	deliveryKey,
	forgetAcceptedDeliveriesInProcess,
	keepFirstDeliveries,
	knownDelivery,
	processDeliveries,
} from '../../nodes/LearningPlatformTrigger/deduplication';
import type { RespondMode } from '../../nodes/LearningPlatformTrigger/respond';
import { ProcessedDataHelperModel, ProcessedDataTable } from '../harness/processedData.ts';

const NODE = { id: 'trigger-node', name: 'Learning Platform Trigger' };
const START = 1_800_000_000_000;
const DATABASE_DOWN = 'connect ECONNREFUSED 127.0.0.1:5432';

type Outcome = 'succeeded' | 'failed' | 'unreadable';

interface Execution {
	mode?: 'webhook' | 'manual';
	respond?: RespondMode;
	outcome?: Outcome;
	/** n8n 1.x: executions do not report how they ended. */
	withoutOnExecutionFinish?: boolean;
	staticData?: IDataObject;
}

let workflowCount = 0;

/** One trigger node in one workflow, with its own processed-data table, run through its executions. */
function triggerWorkflow({ withoutWorkflowId = false } = {}) {
	const workflowId = withoutWorkflowId ? undefined : `workflow-${++workflowCount}`;
	const helper = new ProcessedDataHelperModel(new ProcessedDataTable());
	const contextData = { workflow: { id: workflowId }, node: NODE } as never;
	const warnings: string[] = [];
	let now = START;
	const clock = () => now;
	const pauses: number[] = [];
	const pausing = { meanwhile: async () => {} };
	const pause = async (ms: number) => {
		pauses.push(ms);
		if (pauses.length > 100) throw new Error('still waiting after 100 pauses');
		await pausing.meanwhile();
		now += ms;
	};

	/** Starts an execution and runs the trigger's first step; `finish()` ends it as n8n does (its handlers run, settlement in the background). */
	const execute = async (items: INodeExecutionData[], execution: Execution = {}) => {
		const finishHandlers: Array<() => void> = [];
		let outcomeReads = 0;
		const lastNodeRun = execution.outcome === 'failed' ? { error: new NodeOperationError(NODE as never, 'the workflow failed') } : {};
		const context = {
			getMode: () => execution.mode ?? 'webhook',
			getNodeParameter: (name: string, _index: number, fallback: unknown) => (name === 'respond' ? (execution.respond ?? fallback) : fallback),
			getWorkflow: () => ({ id: workflowId }),
			getNode: () => NODE,
			logger: { warn: (message: string) => warnings.push(message) },
			getWorkflowStaticData: () => execution.staticData ?? {},
			helpers: {
				checkProcessedAndRecord: async (values, scope, options) => await helper.checkProcessedAndRecord(values, scope, contextData, options),
				removeProcessed: async (values, scope, options) => await helper.removeProcessed(values, scope, contextData, options),
				clearAllProcessedItems: async (scope) => await helper.clearAllProcessedItems(scope, contextData),
			} satisfies Pick<IExecuteFunctions['helpers'], 'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems'>,
			onExecutionFinish: execution.withoutOnExecutionFinish ? undefined : (handler: () => void) => finishHandlers.push(handler),
			getExecutionId: () => 'execution-1',
			getExecutionDataById: async (): Promise<IRunExecutionData> => {
				outcomeReads++;
				if (execution.outcome === 'unreadable') throw new Error('execution not found in the database');
				return { resultData: { runData: { Last: [lastNodeRun as never] }, lastNodeExecuted: 'Last' } } as unknown as IRunExecutionData;
			},
			getWorkflowSettings: () => ({}),
		};
		const kept = await keepFirstDeliveries(context as unknown as IExecuteFunctions, items, clock, undefined, pause);
		return {
			kept,
			finishHandlers,
			outcomeReads: () => outcomeReads,
			finish: async () => {
				for (const handler of finishHandlers) handler();
				await processDeliveries.settled();
			},
		};
	};

	/** What `webhook()` would answer from this process's memory. */
	const known = (deliveryId: string, mode: 'webhook' | 'manual' = 'webhook') => {
		const context = { getMode: () => mode, getWorkflow: () => ({ id: workflowId }), getNode: () => NODE };
		return knownDelivery(context as unknown as IWebhookFunctions, deliveryId, {}, now);
	};

	return { helper, warnings, pauses, pausing, execute, known, advance: (ms: number) => (now += ms), workflowId: workflowId ?? '' };
}

const delivery = (deliveryId: string, json: IDataObject = { id: deliveryId }): INodeExecutionData => ({ json, [DELIVERY_KEY_PROPERTY]: deliveryKey(deliveryId) });
const passedOn = (json: IDataObject, item: number): INodeExecutionData => ({ json, pairedItem: { item } });

afterEach(async () => {
	await processDeliveries.settled();
	forgetAcceptedDeliveriesInProcess();
});

describe('a delivery in n8n 2.x (executions report their outcome)', () => {
	test('runs once: claimed, then done when its execution succeeded', async () => {
		const trigger = triggerWorkflow();
		const first = await trigger.execute([delivery('d-1')]);
		expect(first.kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
		expect(trigger.known('d-1')).toBe('running');
		await first.finish();
		expect(trigger.known('d-1')).toBe('done');
		expect(trigger.helper.nodeHas(trigger.workflowId, NODE.id, deliveryKey('d-1'))).toBe(true);
		forgetAcceptedDeliveriesInProcess();
		const retry = await trigger.execute([delivery('d-1')]);
		expect(retry.kept).toEqual([]);
		expect(retry.finishHandlers).toEqual([]);
		expect(trigger.warnings).toEqual([]);
	});

	test('whose execution failed runs again on the retry, in this process or another', async () => {
		const trigger = triggerWorkflow();
		const first = await trigger.execute([delivery('d-1')], { outcome: 'failed' });
		await first.finish();
		expect(trigger.known('d-1')).toBeUndefined();
		const retry = await trigger.execute([delivery('d-1')], { outcome: 'failed' });
		expect(retry.kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
		await retry.finish();
		forgetAcceptedDeliveriesInProcess();
		expect((await trigger.execute([delivery('d-1')])).kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
		expect(trigger.warnings).toEqual([]);
	});

	test('whose outcome cannot be read is released with a warning, so that the retry runs it', async () => {
		const trigger = triggerWorkflow();
		await (await trigger.execute([delivery('d-1')], { outcome: 'unreadable' })).finish();
		expect(trigger.warnings).toEqual([
			'Learning Platform Trigger: the outcome of the execution could not be read; its deliveries are released so that a retry runs them again',
		]);
		expect(trigger.known('d-1')).toBeUndefined();
		forgetAcceptedDeliveriesInProcess();
		expect((await trigger.execute([delivery('d-1')])).kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
	});

	test('n8n calling onExecutionFinish twice settles once', async () => {
		const trigger = triggerWorkflow();
		const execution = await trigger.execute([delivery('d-1'), delivery('d-2')]);
		expect(execution.finishHandlers).toHaveLength(1);
		execution.finishHandlers[0]();
		execution.finishHandlers[0]();
		await processDeliveries.settled();
		expect(execution.outcomeReads()).toBe(1);
	});

	test('a settlement the store refuses leaves a warning; this process still knows the delivery done', async () => {
		const trigger = triggerWorkflow();
		const execution = await trigger.execute([delivery('d-1')]);
		await processDeliveries.settled();
		trigger.helper.table.failWith = DATABASE_DOWN;
		await execution.finish();
		expect(trigger.warnings).toEqual([
			`Learning Platform Trigger: a delivery's claim could not be settled (${DATABASE_DOWN}); it expires after the running delivery timeout`,
		]);
		expect(trigger.known('d-1')).toBe('done');
	});

	test('the same delivery id in two workflows is two deliveries (a copied workflow keeps its node ids)', async () => {
		const original = triggerWorkflow();
		const copy = triggerWorkflow();
		await (await original.execute([delivery('d-1')])).finish();
		expect(original.known('d-1')).toBe('done');
		expect(copy.known('d-1')).toBeUndefined();
		expect((await copy.execute([delivery('d-1')])).kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
	});

	test('a workflow without an id is remembered under the same key by webhook() and execute()', async () => {
		const trigger = triggerWorkflow({ withoutWorkflowId: true });
		await (await trigger.execute([delivery('d-1')])).finish();
		expect(trigger.known('d-1')).toBe('done');
	});
});

describe('a delivery in n8n 1.x (no onExecutionFinish)', () => {
	test('is recorded done at its start: it runs once, and its retries are answered by this process', async () => {
		const trigger = triggerWorkflow();
		const first = await trigger.execute([delivery('d-1')], { withoutOnExecutionFinish: true, outcome: 'failed' });
		expect(first.kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
		expect(trigger.known('d-1')).toBe('done');
		expect(trigger.helper.nodeEntries(trigger.workflowId, NODE.id)).toEqual([ProcessedDataHelperModel.createValueHash(deliveryKey('d-1'))]);
		expect((await trigger.execute([delivery('d-1')], { withoutOnExecutionFinish: true })).kept).toEqual([]);
		forgetAcceptedDeliveriesInProcess();
		expect((await trigger.execute([delivery('d-1')], { withoutOnExecutionFinish: true })).kept).toEqual([]);
		expect(trigger.warnings).toEqual([]);
	});
});

describe('a retry that finds its delivery running', () => {
	test('answered Immediately: dropped at once', async () => {
		const trigger = triggerWorkflow();
		await trigger.execute([delivery('d-1')], { respond: 'onReceived' });
		const retry = await trigger.execute([delivery('d-1')], { respond: 'onReceived' });
		expect(retry.kept).toEqual([]);
		expect(trigger.pauses).toEqual([]);
	});

	test('answered When Last Node Finishes: waits for the other execution and runs the delivery if it failed', async () => {
		const trigger = triggerWorkflow();
		const running = await trigger.execute([delivery('d-1')], { respond: 'lastNode', outcome: 'failed' });
		trigger.pausing.meanwhile = running.finish;
		expect((await trigger.execute([delivery('d-1')], { respond: 'lastNode' })).kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
		expect(trigger.pauses).toEqual([400]);
	});

	test('answered When Last Node Finishes: fails after waiting 8 s, so the platform gets no 2xx', async () => {
		const trigger = triggerWorkflow();
		await trigger.execute([delivery('d-1')], { respond: 'lastNode' });
		const retry = trigger.execute([delivery('d-1')], { respond: 'lastNode' });
		await expect(retry).rejects.toThrow(NodeOperationError);
		await expect(retry).rejects.toMatchObject({
			message: 'This delivery is still being processed by another execution',
			description: 'No 2xx is sent for it, so the platform sends it again later; that retry runs it only if the other execution did not succeed.',
		});
		expect(trigger.pauses).toEqual(Array.from({ length: 20 }, () => 400));
	});

	test('answered When Last Node Finishes, for a delivery this process knows done: dropped without waiting', async () => {
		const trigger = triggerWorkflow();
		await (await trigger.execute([delivery('d-1')], { respond: 'lastNode' })).finish();
		expect((await trigger.execute([delivery('d-1')], { respond: 'lastNode' })).kept).toEqual([]);
		expect(trigger.pauses).toEqual([]);
	});
});

describe("when n8n's store cannot be used", () => {
	test('another node keeping the workflow-scoped record is an error that says what to change', async () => {
		const trigger = triggerWorkflow();
		const contextData = { workflow: { id: trigger.workflowId }, node: NODE } as never;
		await trigger.helper.checkProcessedAndRecord(['item-1'], 'workflow', contextData, { mode: 'entries' });
		const execution = trigger.execute([delivery('d-1')], { respond: 'onReceived' });
		await expect(execution).rejects.toThrow(NodeOperationError);
		await expect(execution).rejects.toMatchObject({
			message: "Another node keeps this workflow's de-duplication record",
			description:
				"The trigger keeps a short lock in the workflow-scoped record of n8n's de-duplication store. Set any Remove Duplicates node of this workflow to Scope: Node.",
		});
	});

	test('answered When Last Node Finishes: an error, so the platform gets no 2xx and sends it again', async () => {
		const trigger = triggerWorkflow();
		// A refused connection: n8n's NodeOperationError rewrites a whole message naming ECONNREFUSED into its own
		// generic wording, so the message names none and the cause is in the description.
		trigger.helper.table.failWith = DATABASE_DOWN;
		const execution = trigger.execute([delivery('d-1')], { respond: 'lastNode' });
		await expect(execution).rejects.toThrow(NodeOperationError);
		await expect(execution).rejects.toMatchObject({
			message: "n8n's de-duplication store could not be used",
			description: `No 2xx is sent for this delivery, so the platform sends it again later. Cause: ${DATABASE_DOWN}`,
		});
	});

	test('answered Immediately: let through with a warning (losing it would be worse than a rare repeat), nothing to settle', async () => {
		const trigger = triggerWorkflow();
		trigger.helper.table.failWith = DATABASE_DOWN;
		const execution = await trigger.execute([delivery('d-1')], { respond: 'onReceived' });
		expect(execution.kept).toEqual([passedOn({ id: 'd-1' }, 0)]);
		expect(execution.finishHandlers).toEqual([]);
		expect(trigger.warnings).toEqual([`Learning Platform Trigger: n8n's de-duplication store could not be used (${DATABASE_DOWN}); the delivery is let through`]);
	});
});

describe('items passed on', () => {
	test('lose the delivery key and keep their pairing, or are paired with their input item', async () => {
		const trigger = triggerWorkflow();
		const paired: INodeExecutionData = { ...delivery('d-2'), pairedItem: { item: 7 } };
		expect((await trigger.execute([delivery('d-1'), paired])).kept).toEqual([passedOn({ id: 'd-1' }, 0), passedOn({ id: 'd-2' }, 7)]);
	});

	test('in a manual test run are never de-duplicated and leave the store alone', async () => {
		const trigger = triggerWorkflow();
		const paired: INodeExecutionData = { ...delivery('d-1'), pairedItem: { item: 3 } };
		for (let run = 0; run < 2; run++) {
			const execution = await trigger.execute([delivery('d-1'), paired], { mode: 'manual' });
			expect(execution.kept).toEqual([passedOn({ id: 'd-1' }, 0), passedOn({ id: 'd-1' }, 3)]);
			expect(execution.finishHandlers).toEqual([]);
		}
		expect(trigger.helper.nodeEntries(trigger.workflowId, NODE.id)).toEqual([]);
		await (await trigger.execute([delivery('d-1')])).finish();
		expect(trigger.known('d-1')).toBe('done');
		expect(trigger.known('d-1', 'manual')).toBeUndefined();
	});

	test("without a delivery key are kept, in order, next to de-duplicated ones", async () => {
		const trigger = triggerWorkflow();
		await (await trigger.execute([delivery('d-1')])).finish();
		const unkeyed: INodeExecutionData = { json: { id: 'no key' } };
		const execution = await trigger.execute([unkeyed, delivery('d-1'), delivery('d-2'), unkeyed]);
		expect(execution.kept).toEqual([passedOn({ id: 'no key' }, 0), passedOn({ id: 'd-2' }, 2), passedOn({ id: 'no key' }, 3)]);
		expect(trigger.warnings).toEqual([]);
	});
});

describe("version 1's record in workflow static data", () => {
	test('is dropped by the first keyed delivery', async () => {
		for (const record of [{ acceptedDeliveries: ['a'], acceptedDeliveriesCount: 1 }, { acceptedDeliveries: ['a'] }, { acceptedDeliveriesCount: 1 }]) {
			const staticData: IDataObject = { ...record, other: 'kept' };
			await triggerWorkflow().execute([delivery('d-1')], { staticData });
			expect(staticData).toEqual({ other: 'kept' });
		}
	});

	test('absent, leaves static data unchanged, so n8n does not save the workflow', async () => {
		const staticData = ObservableObject.create({ other: 'kept' }) as IDataObject;
		await triggerWorkflow().execute([delivery('d-1')], { staticData });
		expect(staticData.__dataChanged).toBeFalsy();
	});

	test('is left alone when no item carries a delivery key', async () => {
		const staticData: IDataObject = { acceptedDeliveries: ['a'], acceptedDeliveriesCount: 1 };
		const execution = await triggerWorkflow().execute([{ json: { id: 'no key' } }], { staticData });
		expect(execution.kept).toEqual([passedOn({ id: 'no key' }, 0)]);
		expect(staticData).toEqual({ acceptedDeliveries: ['a'], acceptedDeliveriesCount: 1 });
	});
});
