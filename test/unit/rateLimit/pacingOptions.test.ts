/**
 * The node side's pure parts: the retry backoff (random source injected), the pacing options as an
 * item reads them (defaults, invalid values, minutes to milliseconds), how they join an Options
 * collection, and the comparison switch.
 */
import type { IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { MAX_RETRIES, backoffMs } from '../../../nodes/shared/rateLimit/pacedItem';
import { DEFAULT_MAX_WAIT_MINUTES, pacingOptions, readPacingOptions, withPacingOptions } from '../../../nodes/shared/rateLimit/options';
import { pacingEnabled, setPacingForComparisons } from '../../../nodes/shared/rateLimit/switch';

describe('backoffMs: between half and all of min(30 s, 1 s · 2^(n−1))', () => {
	test('at random 0 it is half the ceiling, at random 1 the whole ceiling', () => {
		const low = [1, 2, 3, 4, 5, 6].map((retry) => backoffMs(retry, () => 0));
		const high = [1, 2, 3, 4, 5, 6].map((retry) => backoffMs(retry, () => 1));
		expect(low).toEqual([500, 1000, 2000, 4000, 8000, 15_000]);
		expect(high).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
	});

	test('the ceiling stops at 30 s, up to the last retry', () => {
		for (const retry of [6, 7, MAX_RETRIES, 20]) {
			expect(backoffMs(retry, () => 0)).toBe(15_000);
			expect(backoffMs(retry, () => 1)).toBe(30_000);
		}
	});

	test('in between it moves linearly with the random draw, rounded to whole milliseconds', () => {
		expect(backoffMs(1, () => 0.5)).toBe(750);
		expect(backoffMs(3, () => 0.25)).toBe(2500);
		expect(backoffMs(1, () => 0.0013)).toBe(501);
		expect(backoffMs(2, () => 0.4997)).toBe(1500);
	});

	test('by default it draws from Math.random', () => {
		const random = jest.spyOn(Math, 'random').mockReturnValue(1);
		try {
			expect(backoffMs(2)).toBe(2000);
			expect(random).toHaveBeenCalledTimes(1);
		} finally {
			random.mockRestore();
		}
	});

	test('retries allowed per request', () => {
		expect(MAX_RETRIES).toBe(8);
	});
});

/** A context whose Options collection is `options` (or whose getNodeParameter throws). */
function contextWith(options: unknown, throws = false): IExecuteSingleFunctions {
	return {
		getNodeParameter: (name: string, fallback: unknown) => {
			if (throws) throw new Error(`Could not get parameter "${name}"`);
			expect(name).toBe('options');
			expect(fallback).toEqual({});
			return options;
		},
	} as unknown as IExecuteSingleFunctions;
}

describe('readPacingOptions', () => {
	const defaults = { maxRequestsPerMinute: 0, maxWaitMs: 10 * 60_000, includeDetails: false };

	test('defaults: no limit of its own, 10 minutes of wait, no details', () => {
		expect(DEFAULT_MAX_WAIT_MINUTES).toBe(10);
		expect(readPacingOptions(contextWith({}))).toEqual(defaults);
		expect(readPacingOptions(contextWith(undefined))).toEqual(defaults);
		expect(readPacingOptions(contextWith(null))).toEqual(defaults);
	});

	test('an operation without an Options collection gets the defaults', () => {
		expect(readPacingOptions(contextWith(undefined, true))).toEqual(defaults);
	});

	test('values as set: Max Wait in minutes becomes milliseconds, fractions kept', () => {
		expect(readPacingOptions(contextWith({ maxRequestsPerMinute: 600, maxWaitOnRateLimit: 2, includePacingDetails: true }))).toEqual({
			maxRequestsPerMinute: 600,
			maxWaitMs: 120_000,
			includeDetails: true,
		});
		expect(readPacingOptions(contextWith({ maxWaitOnRateLimit: 0.5 })).maxWaitMs).toBe(30_000);
		expect(readPacingOptions(contextWith({ maxRequestsPerMinute: 1.5 })).maxRequestsPerMinute).toBe(1.5);
	});

	test('0 is a value, not a missing one: no wait allowed, no limit of its own', () => {
		expect(readPacingOptions(contextWith({ maxWaitOnRateLimit: 0, maxRequestsPerMinute: 0 }))).toEqual({ ...defaults, maxWaitMs: 0 });
	});

	test('numbers given as text (an expression) are read', () => {
		expect(readPacingOptions(contextWith({ maxRequestsPerMinute: '120', maxWaitOnRateLimit: '3' }))).toEqual({ ...defaults, maxRequestsPerMinute: 120, maxWaitMs: 180_000 });
	});

	test.each([
		['negative', -1],
		['NaN', Number.NaN],
		['empty', ''],
		['null', null],
		['not a number', 'soon'],
		['infinite', Number.POSITIVE_INFINITY],
	])('%s values fall back to the defaults', (_name, value) => {
		expect(readPacingOptions(contextWith({ maxRequestsPerMinute: value, maxWaitOnRateLimit: value }))).toEqual(defaults);
	});

	test('Include Pacing Details only when exactly true', () => {
		expect(readPacingOptions(contextWith({ includePacingDetails: 'true' })).includeDetails).toBe(false);
		expect(readPacingOptions(contextWith({ includePacingDetails: 1 })).includeDetails).toBe(false);
		expect(readPacingOptions(contextWith({ includePacingDetails: false })).includeDetails).toBe(false);
	});
});

describe('pacingOptions and withPacingOptions', () => {
	test('the three options, their names, types and defaults', () => {
		expect(pacingOptions.map(({ displayName, name, type, default: value }) => ({ displayName, name, type, value }))).toEqual([
			{ displayName: 'Include Pacing Details', name: 'includePacingDetails', type: 'boolean', value: false },
			{ displayName: 'Max Requests per Minute', name: 'maxRequestsPerMinute', type: 'number', value: 0 },
			{ displayName: 'Max Wait on Rate Limit', name: 'maxWaitOnRateLimit', type: 'number', value: 10 },
		]);
		expect(pacingOptions[1].typeOptions).toEqual({ minValue: 0 });
		expect(pacingOptions[2].typeOptions).toEqual({ minValue: 0 });
	});

	const option = (displayName: string, name: string): INodeProperties => ({ displayName, name, type: 'string', default: '' });

	test('added to an operation\'s own options, all sorted by display name', () => {
		const names = withPacingOptions([option('Send As', 'sendAs'), option('Batch Size', 'batchSize')]).map((entry) => entry.displayName);
		expect(names).toEqual(['Batch Size', 'Include Pacing Details', 'Max Requests per Minute', 'Max Wait on Rate Limit', 'Send As']);
	});

	test('an option the operation already has under the same name is kept, not doubled', () => {
		const own = { ...option('Max Wait on Rate Limit', 'maxWaitOnRateLimit'), default: 5 };
		const entries = withPacingOptions([own]);
		expect(entries.map((entry) => entry.name)).toEqual(['includePacingDetails', 'maxRequestsPerMinute', 'maxWaitOnRateLimit']);
		expect(entries[2]).toBe(own);
	});

	test('does not change the list it is given', () => {
		const entries = [option('Send As', 'sendAs')];
		withPacingOptions(entries);
		expect(entries).toHaveLength(1);
	});
});

describe('the comparison switch', () => {
	afterEach(() => setPacingForComparisons(true));

	test('pacing is on unless a comparison turns it off', () => {
		expect(pacingEnabled()).toBe(true);
		setPacingForComparisons(false);
		expect(pacingEnabled()).toBe(false);
		setPacingForComparisons(true);
		expect(pacingEnabled()).toBe(true);
	});
});
