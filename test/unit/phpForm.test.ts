import fc from 'fast-check';

import { encodePhpForm } from '../../nodes/shared/phpForm';
import type { PhpArray, PhpValue } from '../fakes/phpFormParser.ts';
import { parsePhpForm } from '../fakes/phpFormParser.ts';

describe('encodePhpForm writes what Guzzle form_params (http_build_query) writes', () => {
	test.each<[string, Record<string, unknown>, string]>([
		[
			'learners with a date range (the reference example)',
			{ action: 'learners', options: { dates: ['2017-07-25 00:00:00', '2017-07-25 23:59:59'] } },
			'action=learners&options%5Bdates%5D%5B0%5D=2017-07-25+00%3A00%3A00&options%5Bdates%5D%5B1%5D=2017-07-25+23%3A59%3A59',
		],
		[
			'the token request',
			{ grant_type: 'client_credentials', client_id: 'gR9eYq5oE6mvNAPmwxGO', client_secret: 'rJbV/+=', scope: '' },
			'grant_type=client_credentials&client_id=gR9eYq5oE6mvNAPmwxGO&client_secret=rJbV%2F%2B%3D&scope=',
		],
		[
			'per-email records with nested lists',
			{ action: 'getLearnersQuizStatistic', options: { records: { 'a@b.com': ['q1', 'q2'] } } },
			'action=getLearnersQuizStatistic&options%5Brecords%5D%5Ba%40b.com%5D%5B0%5D=q1&options%5Brecords%5D%5Ba%40b.com%5D%5B1%5D=q2',
		],
		[
			'booleans as 1 and 0, null left out, empty list emits nothing',
			{ a: true, b: false, c: null, d: undefined, e: [], f: 3.5 },
			'a=1&b=0&f=3.5',
		],
		[
			'characters PHP urlencode escapes but encodeURIComponent does not',
			{ text: "it's (really) ~*!" },
			'text=it%27s+%28really%29+%7E%2A%21',
		],
		['unicode', { name: 'João Ångström' }, 'name=Jo%C3%A3o+%C3%85ngstr%C3%B6m'],
	])('%s', (_name, fields, expected) => {
		expect(encodePhpForm(fields)).toBe(expected);
	});
});

/** What PHP sees of a value after a form round trip: scalars become text, lists become indexed maps. */
function asPhpSees(value: unknown): PhpValue | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') return value;
	const entries = Array.isArray(value) ? value.map((entry, index) => [String(index), entry] as const) : Object.entries(value);
	const result: PhpArray = {};
	for (const [key, entry] of entries) {
		const converted = asPhpSees(entry);
		if (converted !== undefined) result[key] = converted;
	}
	return result;
}

function withoutEmptyArrays(value: PhpValue | undefined): PhpValue | undefined {
	if (value === undefined || typeof value === 'string') return value;
	const result: PhpArray = {};
	for (const [key, entry] of Object.entries(value)) {
		const cleaned = withoutEmptyArrays(entry);
		if (cleaned !== undefined && !(typeof cleaned === 'object' && Object.keys(cleaned).length === 0)) result[key] = cleaned;
	}
	return result;
}

// Keys PHP keeps as they are: no brackets, and not starting with a dot or space it would rewrite.
const key = fc.oneof(
	fc.emailAddress(),
	fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((text) => !/[[\]]/.test(text)),
);
const scalar = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 20 }),
	fc.constantFrom('&', '=', '+', '%', '%20', ' ', '[', ']', 'a&b=c', '100%'),
	fc.boolean(),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }).filter((number) => !Object.is(number, -0)),
);
const tree = fc.letrec((tie) => ({
	node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
})).node;

test('the fake PHP parser reads back exactly what the encoder wrote (property)', () => {
	let runs = 0;
	fc.assert(
		fc.property(fc.stringMatching(/^[a-z][a-z_]{0,10}$/), fc.dictionary(key, tree, { maxKeys: 5 }), (action, options) => {
			runs += 1;
			const parsed = parsePhpForm(encodePhpForm({ action, options }));
			const expectedOptions = withoutEmptyArrays(asPhpSees(options));
			const expected: PhpArray = { action };
			if (expectedOptions && typeof expectedOptions === 'object' && Object.keys(expectedOptions).length) {
				expected.options = expectedOptions;
			}
			expect(parsed).toEqual(expected);
		}),
		{ numRuns: 3000 },
	);
	expect(runs).toBe(3000);
});
