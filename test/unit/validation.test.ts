import fc from 'fast-check';

import { normalizeInstanceUrl } from '../../nodes/shared/instanceUrl';
import { dateParameterToText, isIso8601, isUuid } from '../../nodes/shared/validation';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

describe('isIso8601', () => {
	test.each([
		'2026-01-15',
		'2026-01-15T00:00',
		'2026-01-15T00:00:00',
		'2026-01-15T00:00:00Z',
		'2026-01-15T00:00:00.000Z',
		'2026-01-15T23:59:59.123456+05:30',
		'2024-02-29T12:00:00-0800',
	])('accepts %s', (value) => expect(isIso8601(value)).toBe(true));

	test.each([
		'',
		'15/01/2026',
		'2026-1-15',
		'2026-02-30',
		'2025-02-29',
		'2026-13-01',
		'2026-01-15T24:00:00Z',
		'2026-01-15T10:60:00Z',
		'2026-01-15T10:00:00+25:00',
		'2026-01-15 10:00:00',
		'yesterday',
		'2026-01-15T10:00:00ZZ',
		'2026-01-15T10:00:60Z',
		'2026-01-15T10:00:00+24:00',
		'2026-01-15T10:00:00+05:60',
		'2026-00-15',
		'2026-01-00',
		'0050-01-15',
	])('rejects %s', (value) => expect(isIso8601(value)).toBe(false));

	test('accepts every real instant written the way Date#toISOString writes it', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), (date) =>
				isIso8601(date.toISOString()),
			),
			{ numRuns: 2000 },
		);
	});

	test('agrees with the calendar on every year-month-day triple', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1900, max: 2100 }),
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 1, max: 31 }),
				(year, month, day) => {
					const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
					return isIso8601(`${year}-${pad(month)}-${pad(day)}`) === day <= daysInMonth;
				},
			),
			{ numRuns: 2000 },
		);
	});
});

describe('isUuid', () => {
	test('accepts canonical UUIDs in either case and rejects near misses', () => {
		expect(isUuid('123e4567-e89b-12d3-a456-426614174000')).toBe(true);
		expect(isUuid('123E4567-E89B-12D3-A456-426614174000')).toBe(true);
		expect(isUuid('123e4567e89b12d3a456426614174000')).toBe(false);
		expect(isUuid('123e4567-e89b-12d3-a456-42661417400')).toBe(false);
		expect(isUuid(' 123e4567-e89b-12d3-a456-426614174000')).toBe(false);
	});

	test('accepts every UUID that fast-check generates', () => {
		fc.assert(fc.property(fc.uuid(), (uuid) => isUuid(uuid)), { numRuns: 1000 });
	});
});

describe('dateParameterToText', () => {
	test('turns Date and Luxon-like values into ISO text and trims strings', () => {
		expect(dateParameterToText(new Date('2026-01-15T00:00:00Z'))).toBe('2026-01-15T00:00:00.000Z');
		expect(dateParameterToText({ toISO: () => '2026-01-15T01:00:00.000+01:00' })).toBe(
			'2026-01-15T01:00:00.000+01:00',
		);
		expect(dateParameterToText(' 2026-01-15 ')).toBe('2026-01-15');
	});
});

describe('dateParameterToText on every kind of value', () => {
	test.each<[string, unknown, string]>([
		['a string, trimmed', ' 2026-01-15 ', '2026-01-15'],
		['a Date', new Date('2026-01-15T10:00:00Z'), '2026-01-15T10:00:00.000Z'],
		['a Luxon-like value', { toISO: () => '2026-01-15T10:00:00.000+01:00' }, '2026-01-15T10:00:00.000+01:00'],
		['null', null, ''],
		['undefined', undefined, ''],
		['a number', 5, '5'],
		['an object without toISO', { day: 15 }, '[object Object]'],
	])('%s', (_name, value, text) => expect(dateParameterToText(value)).toBe(text));
});

describe('normalizeInstanceUrl', () => {
	test.each([
		['acme.thoughtindustries.com/redirect/http://x', 'https://acme.thoughtindustries.com/redirect/http://x'],
		['https://acme.thoughtindustries.com/', 'https://acme.thoughtindustries.com'],
		['  https://acme.thoughtindustries.com//  ', 'https://acme.thoughtindustries.com'],
		['acme.thoughtindustries.com', 'https://acme.thoughtindustries.com'],
		['HTTPS://Acme.ThoughtIndustries.com', 'https://acme.thoughtindustries.com'],
		['https://proxy.example.com/ti/', 'https://proxy.example.com/ti'],
		['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
		['http://localhost:3000/', 'http://localhost:3000'],
	])('%s -> %s', (input, expected) => expect(normalizeInstanceUrl(input)).toEqual({ url: expected }));

	test.each([
		['', 'is empty'],
		['http://acme.thoughtindustries.com', 'must use https://'],
		['ftp://acme.example.com', 'must use https://'],
		['ftp://localhost:21', 'must use https://'],
		['https://acme.example.com/?x=1', 'must not contain a query string'],
		['https://', 'is not a valid URL'],
	])('%s is refused (%s)', (input, error) => {
		const result = normalizeInstanceUrl(input);
		expect('error' in result && result.error).toContain(error);
	});
});
