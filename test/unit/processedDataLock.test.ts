// The delivery lock's algorithm (processedDataLock.ts) against a scripted store: each call answers as
// scripted and is recorded with its arguments, and the lock's waits advance a fake clock. That pins the
// retry counts, the backoff, the give-up and take-over boundaries and their messages; whether holders
// really exclude each other is tested against the model of n8n's store (deliveryClaims.test.ts).
import type { LockMemory, LockTiming, ProcessedDataStore } from '../../nodes/LearningPlatformTrigger/processedDataLock';
import { withWorkflowLock } from '../../nodes/LearningPlatformTrigger/processedDataLock';

const START = 1_800_000_000_000;
const LOCK_OPTIONS = { mode: 'latestIncrementalKey' };
const CHECK = ['checkProcessedAndRecord', [1], 'workflow', LOCK_OPTIONS];
const CLEAR = ['clearAllProcessedItems', 'workflow', LOCK_OPTIONS];
const POSTGRES_CONFLICT = 'duplicate key value violates unique constraint "PK_processed_data"';
const SQLITE_CONFLICT = 'SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context';

/** `free`: the insert succeeds (lock taken); `taken`: the row exists; any other text: the call fails with it. */
type CheckAnswer = 'free' | 'taken' | string;

/** A store answering the lock's calls as scripted; a check past the script fails, so a runaway loop ends. */
function scriptedStore(checks: CheckAnswer[], failedClears: string[] = []) {
	const calls: unknown[][] = [];
	const store: ProcessedDataStore = {
		checkProcessedAndRecord: async (items, scope, options) => {
			calls.push(['checkProcessedAndRecord', items, scope, options]);
			const answer = checks.shift() ?? 'script exhausted';
			if (answer === 'free') return { new: items, processed: [] };
			if (answer === 'taken') return { new: [], processed: items };
			throw new Error(answer);
		},
		removeProcessed: async (...args) => {
			calls.push(['removeProcessed', ...args]);
		},
		clearAllProcessedItems: async (scope, options) => {
			calls.push(['clearAllProcessedItems', scope, options]);
			const failure = failedClears.shift();
			if (failure) throw new Error(failure);
		},
	};
	return { store, calls };
}

/** Lock timing on a fake clock: every wait is recorded and moves the clock by `clockStep(ms)` (the wait itself by default). */
function fakeTiming(settings: Partial<LockTiming> = {}, clockStep: (ms: number) => number = (ms) => ms) {
	const clock = { now: START };
	const waits: number[] = [];
	const timing: LockTiming = {
		breakAfterMs: 5000,
		giveUpAfterMs: 10_000,
		now: () => clock.now,
		sleep: async (ms) => {
			waits.push(ms);
			clock.now += clockStep(ms);
		},
		...settings,
	};
	return { timing, clock, waits };
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

beforeEach(() => {
	// The jitter of each busy wait: floor(0.55 * 10) = 5 ms.
	jest.spyOn(Math, 'random').mockReturnValue(0.55);
});

afterEach(() => {
	jest.restoreAllMocks();
});

describe('taking and releasing the lock', () => {
	test('a free lock is one insert of the workflow-scoped row, the critical section, then one delete of that row', async () => {
		const { store, calls } = scriptedStore(['free']);
		const { timing, waits } = fakeTiming();
		let callsBeforeCritical: unknown[][] = [];
		const outcome = await withWorkflowLock(
			store,
			async () => {
				callsBeforeCritical = [...calls];
				return 'ran';
			},
			timing,
		);
		expect(outcome).toEqual({ value: 'ran' });
		expect(callsBeforeCritical).toEqual([CHECK]);
		expect(calls).toEqual([CHECK, CLEAR]);
		expect(waits).toEqual([]);
	});

	test('busy waits grow by 2 ms per attempt from 4 ms up to 50 ms, each plus the jitter', async () => {
		const { store, calls } = scriptedStore([...repeat('taken', 26), 'free']);
		const { timing, waits } = fakeTiming({ breakAfterMs: 60_000, giveUpAfterMs: 60_000 });
		expect(await withWorkflowLock(store, async () => 'ran', timing)).toEqual({ value: 'ran' });
		expect(waits).toEqual([9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 55, 55]);
		expect(calls).toEqual([...repeat(CHECK, 27), CLEAR]);
	});

	test('the jitter adds up to 9 ms', async () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.999);
		const { store } = scriptedStore(['taken', 'free']);
		const { timing, waits } = fakeTiming();
		await withWorkflowLock(store, async () => 'ran', timing);
		expect(waits).toEqual([13]);
	});
});

describe('database errors while taking the lock', () => {
	test('three failures in a row refuse the lock as unavailable, with the last error, after exactly three tries', async () => {
		const { store, calls } = scriptedStore(['connection reset', 'timeout', 'connect ECONNREFUSED 127.0.0.1:5432', 'free']);
		const { timing } = fakeTiming();
		let ran = false;
		const outcome = await withWorkflowLock(store, async () => (ran = true), timing);
		expect(outcome).toEqual({ refused: 'unavailable', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
		expect(calls).toEqual(repeat(CHECK, 3));
		expect(ran).toBe(false);
	});

	test('two failures, then the insert succeeds: the lock is taken', async () => {
		const { store, calls } = scriptedStore(['connection reset', 'timeout', 'free']);
		const { timing } = fakeTiming();
		expect(await withWorkflowLock(store, async () => 'ran', timing)).toEqual({ value: 'ran' });
		expect(calls).toEqual([...repeat(CHECK, 3), CLEAR]);
	});

	test('only failures in a row count: a busy answer between them starts the count again', async () => {
		const { store } = scriptedStore(['connection reset', 'timeout', 'taken', 'connection reset', 'timeout', 'free']);
		const { timing } = fakeTiming();
		expect(await withWorkflowLock(store, async () => 'ran', timing)).toEqual({ value: 'ran' });
	});

	test("a key conflict (another process inserted the row first, in Postgres's or SQLite's words) is a busy lock, never a failure", async () => {
		const { store, calls } = scriptedStore([POSTGRES_CONFLICT, SQLITE_CONFLICT, POSTGRES_CONFLICT, SQLITE_CONFLICT, 'free']);
		const { timing, waits } = fakeTiming();
		expect(await withWorkflowLock(store, async () => 'ran', timing)).toEqual({ value: 'ran' });
		expect(calls).toEqual([...repeat(CHECK, 5), CLEAR]);
		expect(waits).toEqual([9, 11, 13, 15]);
	});

	test('a record kept in another mode (another node owns the workflow-scoped record) refuses at once as foreign', async () => {
		const message = 'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.';
		const { store, calls } = scriptedStore([message]);
		const { timing } = fakeTiming();
		expect(await withWorkflowLock(store, async () => 'ran', timing)).toEqual({ refused: 'foreign', message });
		expect(calls).toEqual([CHECK]);
	});
});

describe('a lock that stays taken', () => {
	test('waiting exactly giveUpAfterMs still tries again; past it the lock is refused, naming the seconds waited', async () => {
		// Each wait moves the clock 2 s: tries at 0, 2, 4, 6, 8, 10 and 12 s.
		const { store, calls } = scriptedStore(repeat('taken', 20));
		const { timing } = fakeTiming({ breakAfterMs: 60_000, giveUpAfterMs: 10_000 }, () => 2000);
		const outcome = await withWorkflowLock(store, async () => 'ran', timing);
		expect(outcome).toEqual({ refused: 'unavailable', message: "the workflow's delivery lock stayed taken for 12 s" });
		expect(calls).toEqual(repeat(CHECK, 7));
	});

	test('held exactly breakAfterMs it is waited for; held longer it is taken over with a warning, and again only after another breakAfterMs', async () => {
		// Each wait moves the clock 1 s: busy from 0 s, taken over at 6 s; busy again from 7 s, taken over at 13 s.
		const { store, calls } = scriptedStore([...repeat('taken', 14), 'free'], ['the first take-over fails: ignored']);
		const { timing } = fakeTiming({ breakAfterMs: 5000, giveUpAfterMs: 60_000 }, () => 1000);
		const warnings: string[] = [];
		const outcome = await withWorkflowLock(store, async () => 'ran', timing, (warning) => warnings.push(warning));
		expect(outcome).toEqual({ value: 'ran' });
		expect(calls).toEqual([...repeat(CHECK, 7), CLEAR, ...repeat(CHECK, 7), CLEAR, CHECK, CLEAR]);
		const takeOver = "the workflow's delivery lock was held for over 5 s; taking it over from a process that stopped";
		expect(warnings).toEqual([takeOver, takeOver]);
	});
});

describe('releasing the lock', () => {
	test('a delete that fails twice is tried a third time, after waits of 20 and 40 ms, and nothing is left behind', async () => {
		const { store, calls } = scriptedStore(['free'], ['connection reset', 'timeout']);
		const { timing, waits } = fakeTiming();
		const warnings: string[] = [];
		const memory: LockMemory = {};
		expect(await withWorkflowLock(store, async () => 'ran', timing, (warning) => warnings.push(warning), memory)).toEqual({ value: 'ran' });
		expect(calls).toEqual([CHECK, CLEAR, CLEAR, CLEAR]);
		expect(waits).toEqual([20, 40]);
		expect(warnings).toEqual([]);
		expect(memory).toEqual({ leftBehindAt: undefined });
	});

	test('a delete that fails three times is given up after waits of 20, 40 and 60 ms: the row is remembered as left behind, with a warning', async () => {
		const { store, calls } = scriptedStore(['free'], ['connection reset', 'timeout', 'server closed the connection unexpectedly']);
		const { timing, waits } = fakeTiming();
		const warnings: string[] = [];
		const memory: LockMemory = {};
		expect(await withWorkflowLock(store, async () => 'ran', timing, (warning) => warnings.push(warning), memory)).toEqual({ value: 'ran' });
		expect(calls).toEqual([CHECK, CLEAR, CLEAR, CLEAR]);
		expect(waits).toEqual([20, 40, 60]);
		expect(memory).toEqual({ leftBehindAt: START + 120 });
		expect(warnings).toEqual([
			"the workflow's delivery lock could not be released (server closed the connection unexpectedly); this process deletes it next time, others take it over after 5 s",
		]);
	});

	test('the critical section throwing still releases the lock, and the error reaches the caller', async () => {
		const { store, calls } = scriptedStore(['free']);
		const { timing } = fakeTiming();
		await expect(withWorkflowLock(store, async () => Promise.reject(new Error('store failed mid-batch')), timing)).rejects.toThrow('store failed mid-batch');
		expect(calls).toEqual([CHECK, CLEAR]);
	});
});

describe('a row this process left behind', () => {
	test('the next acquisition in this process deletes it first, then takes the lock at once', async () => {
		const { store, calls } = scriptedStore(['free', 'free'], ['connection reset', 'timeout', 'connection reset']);
		const { timing, clock } = fakeTiming();
		const memory: LockMemory = {};
		await withWorkflowLock(store, async () => 'first', timing, () => {}, memory);
		expect(memory.leftBehindAt).toBe(START + 120);
		calls.length = 0;
		clock.now = START + 120 + 4999;
		expect(await withWorkflowLock(store, async () => 'second', timing, () => {}, memory)).toEqual({ value: 'second' });
		expect(calls).toEqual([CLEAR, CHECK, CLEAR]);
		expect(memory).toEqual({ leftBehindAt: undefined });
	});

	test('deleting it failing does not stop the acquisition', async () => {
		const { store, calls } = scriptedStore(['free'], ['connection reset']);
		const { timing } = fakeTiming();
		expect(await withWorkflowLock(store, async () => 'ran', timing, () => {}, { leftBehindAt: START - 1000 })).toEqual({ value: 'ran' });
		expect(calls).toEqual([CLEAR, CHECK, CLEAR]);
	});

	test('from breakAfterMs on, other processes may have taken it over: it is not deleted blindly', async () => {
		const { store, calls } = scriptedStore(['free']);
		const { timing } = fakeTiming({ breakAfterMs: 5000 });
		const memory: LockMemory = { leftBehindAt: START - 5000 };
		expect(await withWorkflowLock(store, async () => 'ran', timing, () => {}, memory)).toEqual({ value: 'ran' });
		expect(calls).toEqual([CHECK, CLEAR]);
		expect(memory).toEqual({ leftBehindAt: undefined });
	});

	test('without a row left behind, the acquisition starts with the insert', async () => {
		const { store, calls } = scriptedStore(['free']);
		const { timing } = fakeTiming();
		await withWorkflowLock(store, async () => 'ran', timing, () => {}, {});
		expect(calls).toEqual([CHECK, CLEAR]);
	});
});
