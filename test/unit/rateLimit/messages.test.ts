/**
 * The texts a stopped run shows its user: item ranges, waits in seconds or minutes, and the
 * stopping point (the error's headline and description lines). Exact strings: a user acts on them
 * ("do not send again", "run again with the items not sent"), so every word and number is pinned.
 * The itemRanges property is seeded (test/setup/propertySeed.ts prints the seed; FC_SEED picks another).
 */
import fc from 'fast-check';

import { describeStoppingPoint, itemRanges, minutes } from '../../../nodes/shared/rateLimit/messages';
import type { StoppingPoint } from '../../../nodes/shared/rateLimit/nodeRun';
import { PROPERTY_SEED } from '../../setup/propertySeed.ts';

const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, offset) => from + offset);

describe('itemRanges', () => {
	test('no items is an empty text', () => {
		expect(itemRanges([])).toBe('');
	});

	test('a single item is its number, two neighbours already a range with an en dash', () => {
		expect(itemRanges([7])).toBe('7');
		expect(itemRanges([0])).toBe('0');
		expect(itemRanges([4, 5])).toBe('4–5');
		// Not neighbours: a gap of one item keeps them apart.
		expect(itemRanges([4, 6])).toBe('4, 6');
	});

	test('unsorted input is sorted by number (not as text), ranges are joined with ", "', () => {
		const indexes = [27, 21, ...span(0, 19).reverse(), 25, 23, 26, 24];
		expect(itemRanges(indexes)).toBe('0–19, 21, 23–27');
		expect(itemRanges([10, 9, 2, 100])).toBe('2, 9–10, 100');
		expect(itemRanges([3, 1, 2])).toBe('1–3');
	});

	test("does not reorder the caller's array", () => {
		const indexes = [5, 1, 3];
		itemRanges(indexes);
		expect(indexes).toEqual([5, 1, 3]);
	});

	test('at most 25 ranges by default: exactly 25 are all shown, the 26th becomes ", …"', () => {
		const isolated = (count: number) => Array.from({ length: count }, (_, index) => index * 2);
		const first25 = isolated(25).join(', ');
		expect(itemRanges(isolated(25))).toBe(first25);
		expect(itemRanges(isolated(26))).toBe(`${first25}, …`);
		// Ranges are counted, not items: 25 ranges of 3 items each are all shown.
		const ranges25 = Array.from({ length: 25 }, (_, index) => span(index * 4, index * 4 + 2)).flat();
		expect(itemRanges(ranges25)).toBe(Array.from({ length: 25 }, (_, index) => `${index * 4}–${index * 4 + 2}`).join(', '));
	});

	test('an explicit limit: `limit` ranges shown whole, `limit + 1` cut after `limit`', () => {
		expect(itemRanges([0, 2], 2)).toBe('0, 2');
		expect(itemRanges([0, 2, 4], 2)).toBe('0, 2, …');
		expect(itemRanges([0, 1, 3, 4, 6, 7], 2)).toBe('0–1, 3–4, …');
		expect(itemRanges([0, 2, 4], Number.POSITIVE_INFINITY)).toBe('0, 2, 4');
	});

	test('property: the ranges, expanded back, are the input sorted', () => {
		const expand = (text: string) =>
			text === ''
				? []
				: text.split(', ').flatMap((part) => {
						const [from, to] = part.split('–').map(Number);
						return to === undefined ? [from] : span(from, to);
					});
		fc.assert(
			fc.property(fc.uniqueArray(fc.nat(300), { maxLength: 120 }), (indexes) => {
				const text = itemRanges(indexes, Number.POSITIVE_INFINITY);
				expect(expand(text)).toEqual([...indexes].sort((a, b) => a - b));
				// Maximal ranges: no two consecutive ranges touch.
				const parts = text === '' ? [] : text.split(', ');
				for (let index = 1; index < parts.length; index++) {
					const previousEnd = Number(parts[index - 1].split('–').at(-1));
					const nextStart = Number(parts[index].split('–')[0]);
					expect(nextStart).toBeGreaterThan(previousEnd + 1);
				}
			}),
			{ seed: PROPERTY_SEED, numRuns: 300 },
		);
	});
});

describe('minutes', () => {
	test('under a minute: whole seconds, rounded up', () => {
		expect(minutes(0)).toBe('0 s');
		expect(minutes(1)).toBe('1 s');
		expect(minutes(1000)).toBe('1 s');
		expect(minutes(1001)).toBe('2 s');
		expect(minutes(59_000)).toBe('59 s');
		expect(minutes(59_999)).toBe('60 s');
	});

	test('from a minute: whole minutes bare, others with one decimal', () => {
		expect(minutes(60_000)).toBe('1 min');
		expect(minutes(120_000)).toBe('2 min');
		expect(minutes(90_000)).toBe('1.5 min');
		expect(minutes(100_000)).toBe('1.7 min');
		expect(minutes(15 * 60_000)).toBe('15 min');
	});
});

describe('describeStoppingPoint', () => {
	const footer = 'Item numbers are n8n item indexes (the first item is 0). Fix the failed items and run again with the items not sent.';
	const point = (fields: Partial<StoppingPoint> & { total: number }): StoppingPoint => ({
		succeeded: [],
		failed: [],
		notSent: [],
		inDoubt: [],
		...fields,
	});

	test('nothing succeeded, some not sent', () => {
		expect(describeStoppingPoint(point({ total: 3, failed: [0], notSent: [1, 2] }), 'recorded')).toEqual({
			headline: 'the node stopped sending: 0 of 3 items recorded, 2 not sent',
			lines: ['Recorded (sent once; do not send again): none', 'Failed: items 0', 'Not sent: items 1–2', footer],
		});
	});

	test('some succeeded, the rest failed: nothing not sent, no doubt line', () => {
		expect(describeStoppingPoint(point({ total: 4, succeeded: [0, 1, 3], failed: [2] }), 'done')).toEqual({
			headline: 'the node stopped sending: 3 of 4 items done',
			lines: ['Done (sent once; do not send again): items 0–1, 3', 'Failed: items 2', 'Not sent: none', footer],
		});
	});

	test('items in doubt: in the headline after "not sent", and a line of their own before "Not sent"', () => {
		expect(describeStoppingPoint(point({ total: 5, succeeded: [0, 1], failed: [3], inDoubt: [2], notSent: [4] }), 'done')).toEqual({
			headline: 'the node stopped sending: 2 of 5 items done, 1 not sent, 1 may have been done',
			lines: [
				'Done (sent once; do not send again): items 0–1',
				'Failed: items 3',
				'May have been done (no answer came back; check before sending again): items 2',
				'Not sent: items 4',
				footer,
			],
		});
	});

	test('an item in doubt stopped the run and none failed: "Failed: none", not a dangling "items"', () => {
		// An answer lost after sending (an operation not safe to repeat) stops the run in doubt.
		expect(describeStoppingPoint(point({ total: 4, succeeded: [0, 1], inDoubt: [2], notSent: [3] }), 'recorded')).toEqual({
			headline: 'the node stopped sending: 2 of 4 items recorded, 1 not sent, 1 may have been recorded',
			lines: [
				'Recorded (sent once; do not send again): items 0–1',
				'Failed: none',
				'May have been recorded (no answer came back; check before sending again): items 2',
				'Not sent: items 3',
				footer,
			],
		});
	});

	test('in doubt without any not sent', () => {
		expect(describeStoppingPoint(point({ total: 2, failed: [1], inDoubt: [0] }), 'recorded')).toEqual({
			headline: 'the node stopped sending: 0 of 2 items recorded, 1 may have been recorded',
			lines: [
				'Recorded (sent once; do not send again): none',
				'Failed: items 1',
				'May have been recorded (no answer came back; check before sending again): items 0',
				'Not sent: none',
				footer,
			],
		});
	});

	test('one item in all is "1 item"; any other total is plural', () => {
		expect(describeStoppingPoint(point({ total: 1, failed: [0] }), 'recorded').headline).toBe(
			'the node stopped sending: 0 of 1 item recorded',
		);
		expect(describeStoppingPoint(point({ total: 2, succeeded: [0], failed: [1] }), 'recorded').headline).toBe(
			'the node stopped sending: 1 of 2 items recorded',
		);
	});

	test('counts over 999 carry thousands separators; long lists end in "…"', () => {
		const succeeded = span(0, 1233);
		const inDoubt = span(1235, 2434);
		const notSent = span(2435, 3499);
		const { headline, lines } = describeStoppingPoint(point({ total: 3500, succeeded, failed: [1234], inDoubt, notSent }), 'done');
		expect(headline).toBe('the node stopped sending: 1,234 of 3,500 items done, 1,065 not sent, 1,200 may have been done');
		expect(lines).toEqual([
			'Done (sent once; do not send again): items 0–1233',
			'Failed: items 1234',
			'May have been done (no answer came back; check before sending again): items 1235–2434',
			'Not sent: items 2435–3499',
			footer,
		]);
		const scattered = span(0, 29).map((index) => index * 2);
		expect(describeStoppingPoint(point({ total: 60, failed: scattered }), 'done').lines[1]).toBe(
			`Failed: items ${scattered.slice(0, 25).join(', ')}, …`,
		);
	});

	test('only the first letter of the word is capitalised, and only where a line starts with it', () => {
		const { headline, lines } = describeStoppingPoint(point({ total: 3, succeeded: [0], failed: [2], inDoubt: [1] }), 'sent out');
		expect(headline).toBe('the node stopped sending: 1 of 3 items sent out, 1 may have been sent out');
		expect(lines[0]).toBe('Sent out (sent once; do not send again): items 0');
		expect(lines[2]).toBe('May have been sent out (no answer came back; check before sending again): items 1');
	});
});
