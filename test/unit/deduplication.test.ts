import { MAX_REMEMBERED, ProcessDeliveries, deliveryKey } from '../../nodes/LearningPlatformTrigger/deduplication';

const LEASE = 300_000;

test('delivery keys are 64 bits of the SHA-256 of the delivery id', () => {
	expect(deliveryKey('abc')).toBe('ba7816bf8f01cfea');
	expect(deliveryKey('abd')).not.toBe(deliveryKey('abc'));
});

describe("a process's own knowledge (ProcessDeliveries)", () => {
	test('is trimmed to 4,500 once over 5,000, oldest change first, so its memory stays bounded', () => {
		const known = new ProcessDeliveries();
		for (let index = 0; index <= MAX_REMEMBERED; index++) known.set(`delivery-${index}`, 'done', index);
		expect(known.size).toBe(4500);
		expect(known.known('delivery-500', LEASE, 6000)).toBeUndefined();
		expect(known.known('delivery-501', LEASE, 6000)).toBe('done');
		for (let index = 0; index < 20_000; index++) known.set(`more-${index}`, 'done', index);
		expect(known.size).toBeLessThanOrEqual(MAX_REMEMBERED);
	});

	test('a delivery that changed state recently counts as recent when trimming', () => {
		const known = new ProcessDeliveries();
		known.set('old-but-finished-last', 'running', 0);
		for (let index = 0; index < 4000; index++) known.set(`delivery-${index}`, 'done', index);
		known.set('old-but-finished-last', 'done', 4001);
		for (let index = 4000; index < 5001; index++) known.set(`delivery-${index}`, 'done', index);
		expect(known.known('old-but-finished-last', LEASE, 6000)).toBe('done');
		expect(known.known('delivery-0', LEASE, 6000)).toBeUndefined();
	});

	test('a running claim is trusted only for the lease; done stays done', () => {
		const known = new ProcessDeliveries();
		known.set('running', 'running', 1000);
		known.set('done', 'done', 1000);
		expect(known.known('running', LEASE, 1000 + LEASE)).toBe('running');
		expect(known.known('running', LEASE, 1001 + LEASE)).toBeUndefined();
		expect(known.known('done', LEASE, 1000 + 10 * LEASE)).toBe('done');
		known.forget('running');
		expect(known.known('running', LEASE, 1000)).toBeUndefined();
	});

	test('serialized tasks of one key run one at a time, in order, also when one fails', async () => {
		const known = new ProcessDeliveries();
		const order: string[] = [];
		let inside = 0;
		const task = (name: string, fail = false) => async () => {
			inside++;
			expect(inside).toBe(1);
			await new Promise((resolve) => setImmediate(resolve));
			order.push(name);
			inside--;
			if (fail) throw new Error(name);
		};
		const results = await Promise.allSettled([known.serialized('w', task('a')), known.serialized('w', task('b', true)), known.serialized('w', task('c'))]);
		expect(order).toEqual(['a', 'b', 'c']);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
	});
});
