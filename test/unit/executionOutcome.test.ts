// How the trigger judges the end of its own execution (executionOutcome.ts), which decides whether a claimed
// delivery becomes done or is released for the platform's retry.
import type { IExecuteFunctions, IRunExecutionData, ITaskData, IWorkflowSettings } from 'n8n-workflow';

import { outcomeOf, ownExecutionOutcome } from '../../nodes/LearningPlatformTrigger/executionOutcome';

const run = (resultData: Partial<IRunExecutionData['resultData']> | undefined) => ({ resultData }) as unknown as IRunExecutionData;
const taskData = (error?: Error) => ({ startTime: 0, executionTime: 1, executionIndex: 0, source: [], ...(error ? { error } : {}) }) as unknown as ITaskData;

describe('the outcome of a saved execution', () => {
	test.each([
		['no result data', 'unknown', run(undefined)],
		['no node executed', 'unknown', run({ runData: {} })],
		['an error of the run', 'failed', run({ error: new Error('boom') as never, lastNodeExecuted: 'Set', runData: { Set: [taskData()] } })],
		['its last node failing on its last run', 'failed', run({ lastNodeExecuted: 'Set', runData: { Set: [taskData(), taskData(new Error('no'))] } })],
		['its last node succeeding on its last run after a failed one', 'succeeded', run({ lastNodeExecuted: 'Set', runData: { Set: [taskData(new Error('no')), taskData()] } })],
		['an earlier node failing and the last one succeeding', 'succeeded', run({ lastNodeExecuted: 'Set', runData: { Trigger: [taskData(new Error('no'))], Set: [taskData()] } })],
		['its last node without run data', 'succeeded', run({ lastNodeExecuted: 'Set', runData: {} })],
		['a last node but no run data at all', 'succeeded', run({ lastNodeExecuted: 'Set' })],
		['its last node with an empty list of runs', 'succeeded', run({ lastNodeExecuted: 'Set', runData: { Set: [] } })],
	])('with %s is %s', (_, outcome, data) => {
		expect(outcomeOf(data)).toBe(outcome);
	});
});

describe("the outcome of the trigger's own execution, read when it has ended", () => {
	const context = (stored: IRunExecutionData | undefined, settings: IWorkflowSettings = {}, executionId = 'execution-1', canRead = true) => {
		const read: string[] = [];
		const functions = {
			getExecutionId: () => executionId,
			getWorkflowSettings: () => settings,
			...(canRead ? { getExecutionDataById: async (id: string) => (read.push(id), stored) } : {}),
		} as unknown as IExecuteFunctions;
		return { functions, read };
	};

	test('is read from the saved execution of its own id', async () => {
		const { functions, read } = context(run({ lastNodeExecuted: 'Set', runData: { Set: [taskData(new Error('no'))] } }));
		await expect(ownExecutionOutcome(functions)).resolves.toBe('failed');
		expect(read).toEqual(['execution-1']);
	});

	test('is unknown where n8n gives no way to read executions, or the execution has no id', async () => {
		await expect(ownExecutionOutcome(context(run({}), {}, 'execution-1', false).functions)).resolves.toBe('unknown');
		const withoutId = context(run({ lastNodeExecuted: 'Set', runData: { Set: [taskData()] } }), {}, '');
		await expect(ownExecutionOutcome(withoutId.functions)).resolves.toBe('unknown');
		expect(withoutId.read).toEqual([]);
	});

	test.each([
		[{}, 'succeeded'],
		[{ saveDataSuccessExecution: 'all' }, 'succeeded'],
		[{ saveDataErrorExecution: 'none' }, 'succeeded'],
		[{ saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none' }, 'succeeded'],
		[{ saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' }, 'succeeded'],
		[{ saveDataSuccessExecution: 'all', saveDataErrorExecution: 'none' }, 'failed'],
	] as Array<[IWorkflowSettings, string]>)('when n8n did not keep it, follows what the settings %j drop: %s', async (settings, outcome) => {
		await expect(ownExecutionOutcome(context(undefined, settings).functions)).resolves.toBe(outcome);
	});
});
