import fc from 'fast-check';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { deliveryKey, forgetAcceptedDeliveriesInProcess, isDuplicateDelivery } from '../../nodes/LearningPlatformTrigger/deduplication';

/** Only what isDuplicateDelivery reads of a webhook context: its static data and identity. */
function contextWith(staticData: IDataObject): IWebhookFunctions {
	return {
		getMode: () => 'webhook',
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: 'workflow-1' }),
		getNode: () => ({ id: 'node-1' }),
	} as unknown as IWebhookFunctions;
}

const DAY = 24 * 60 * 60 * 1000;

beforeEach(() => forgetAcceptedDeliveriesInProcess());

test('the record is trimmed to 4,500 once over 5,000: the oldest go, recent ones stay recognised', () => {
	const staticData: IDataObject = {};
	const context = contextWith(staticData);
	const start = 1_800_000_000_000;
	for (let index = 0; index <= 5000; index++) expect(isDuplicateDelivery(context, `delivery-${index}`, start + index)).toBe(false);

	expect(Object.keys(staticData.acceptedDeliveries as IDataObject)).toHaveLength(4500);
	forgetAcceptedDeliveriesInProcess();
	expect(isDuplicateDelivery(context, 'delivery-5000', start + 6000)).toBe(true);
	expect(isDuplicateDelivery(context, 'delivery-501', start + 6000)).toBe(true);
	expect(isDuplicateDelivery(context, 'delivery-500', start + 6000)).toBe(false);
});

test('when trimming, the oldest deliveries go first, also after n8n saved and loaded the record as JSON', () => {
	const start = 1_800_000_000_000;
	let staticData: IDataObject = {};
	for (let index = 0; index < 100; index++) isDuplicateDelivery(contextWith(staticData), `old-${index}`, start);
	// n8n keeps static data in its database as JSON: the record must keep its order through that.
	staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	forgetAcceptedDeliveriesInProcess();
	for (let index = 0; index <= 4900; index++) isDuplicateDelivery(contextWith(staticData), `new-${index}`, start + 8 * DAY + index);

	expect(Object.keys(staticData.acceptedDeliveries as IDataObject)).toHaveLength(4500);
	forgetAcceptedDeliveriesInProcess();
	expect(isDuplicateDelivery(contextWith(staticData), 'old-99', start + 9 * DAY)).toBe(false);
	expect(isDuplicateDelivery(contextWith(staticData), 'new-400', start + 9 * DAY)).toBe(false);
	expect(isDuplicateDelivery(contextWith(staticData), 'new-401', start + 9 * DAY)).toBe(true);
	expect(isDuplicateDelivery(contextWith(staticData), 'new-4900', start + 9 * DAY)).toBe(true);
});

test('test deliveries from the editor are never recorded', () => {
	const staticData: IDataObject = {};
	const context = { ...contextWith(staticData), getMode: () => 'manual' } as unknown as IWebhookFunctions;
	expect(isDuplicateDelivery(context, 'sample', 1)).toBe(false);
	expect(isDuplicateDelivery(context, 'sample', 2)).toBe(false);
	expect(staticData.acceptedDeliveries).toBeUndefined();
});

test('the record keeps its own count, so no delivery has to count it', () => {
	const staticData: IDataObject = {};
	const context = contextWith(staticData);
	for (let index = 0; index < 10; index++) isDuplicateDelivery(context, `delivery-${index}`, 1_800_000_000_000);
	isDuplicateDelivery(context, 'delivery-3', 1_800_000_000_001);
	expect(staticData.acceptedDeliveriesCount).toBe(10);
	expect(Object.keys(staticData.acceptedDeliveries as IDataObject)).toHaveLength(10);
});

test('a record saved without a count (as earlier versions saved it) is counted once and then trimmed like any other', () => {
	const start = 1_800_000_000_000;
	const legacy = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`legacy-${index}`, start + index]));
	const staticData: IDataObject = { acceptedDeliveries: legacy };
	const context = contextWith(staticData);
	expect(isDuplicateDelivery(context, 'new-0', start + 6000)).toBe(false);
	expect(staticData.acceptedDeliveriesCount).toBe(4500);
	expect(Object.keys(staticData.acceptedDeliveries as IDataObject)).toHaveLength(4500);
	expect((staticData.acceptedDeliveries as Record<string, number>)['legacy-0']).toBeUndefined();
});

/** What the record should do: remember accepted deliveries in order, keep the newest 4,500 once over 5,000. */
class RecordModel {
	stored = new Set<string>();
	private inProcess = new Set<string>();

	private static keep(list: Set<string>): Set<string> {
		return list.size > 5000 ? new Set([...list].slice(list.size - 4500)) : list;
	}

	deliver(id: string): boolean {
		if (this.stored.has(id) || this.inProcess.has(id)) return true;
		this.stored = RecordModel.keep(this.stored.add(id));
		this.inProcess = RecordModel.keep(this.inProcess.add(id));
		return false;
	}

	restart(): void {
		this.inProcess = new Set();
	}
}

/** A new delivery, a retry of the delivery sent `back` deliveries ago, n8n saving and loading static data, or a restart. */
type Step = { fresh: true } | { back: number } | { save: true } | { restart: true };

test('property: over random deliveries, retries, saves and restarts, the record answers like the model (25 runs of 6,000-7,000 steps)', () => {
	const step: fc.Arbitrary<Step> = fc.oneof(
		{ weight: 50, arbitrary: fc.constant({ fresh: true as const }) },
		{ weight: 8, arbitrary: fc.nat({ max: 6000 }).map((back) => ({ back })) },
		{ weight: 1, arbitrary: fc.constant({ save: true as const }) },
		{ weight: 1, arbitrary: fc.constant({ restart: true as const }) },
	);
	let trimmedRuns = 0;
	fc.assert(
		fc.property(fc.array(step, { minLength: 6000, maxLength: 7000 }), (steps) => {
			forgetAcceptedDeliveriesInProcess();
			const model = new RecordModel();
			const sent: string[] = [];
			let staticData: IDataObject = {};
			let now = 1_800_000_000_000;
			let largest = 0;
			for (const current of steps) {
				if ('save' in current) {
					// The record holds exactly the model's deliveries, oldest first, and its count says how many.
					const recorded = Object.keys((staticData.acceptedDeliveries ?? {}) as IDataObject);
					if ((staticData.acceptedDeliveriesCount ?? 0) !== recorded.length) return false;
					if (recorded.join() !== [...model.stored].map(deliveryKey).join()) return false;
					// What n8n's database does to static data: a JSON round trip.
					staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
				} else if ('restart' in current) {
					forgetAcceptedDeliveriesInProcess();
					model.restart();
				} else {
					const id = 'fresh' in current || sent.length === 0 ? `delivery-${sent.length}` : sent[Math.max(0, sent.length - 1 - current.back)];
					sent.push(id);
					if (isDuplicateDelivery(contextWith(staticData), id, ++now) !== model.deliver(id)) return false;
					largest = Math.max(largest, staticData.acceptedDeliveriesCount as number);
				}
			}
			if (largest === 5000) trimmedRuns++;
			return true;
		}),
		// Shrinking a 6,000-step run takes minutes and leaves it as long: report the first failing run as is.
		{ numRuns: 25, endOnFailure: true },
	);
	// The generator must reach the trimming: a run that never fills the record proves little.
	expect(trimmedRuns).toBeGreaterThan(10);
});
