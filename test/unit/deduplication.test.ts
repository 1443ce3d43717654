import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { forgetAcceptedDeliveriesInProcess, isDuplicateDelivery } from '../../nodes/LearningPlatformTrigger/deduplication';

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
