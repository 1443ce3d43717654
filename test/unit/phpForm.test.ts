import fc from 'fast-check';

import { encodePhpForm } from '../../nodes/shared/phpForm.ts';
import type { PhpArray } from '../fakes/phpFormParser.ts';
import { parsePhpForm } from '../fakes/phpFormParser.ts';

// Every expected string below is what PHP 8.2's http_build_query (Guzzle's form_params) writes for the
// same array; the emails stand in for the reference's obfuscated "[email protected]".
const john = 'john@example.com';
const jane = 'jane@example.com';
const mike = 'mike@example.org';
// The example client from the reference's Guzzle sample (published there, not a credential).
const [sampleClientId, sampleClientSecret] = ['gR9eYq5oE6mvNAPmwxGO', 'rJbVCKO1eZ8opQwfhNQfmQRlotSJOykg9BbdCDh7'];

describe('encodePhpForm writes what Guzzle form_params (http_build_query) writes for the reference examples', () => {
	test.each<[string, Record<string, unknown>, string]>([
		[
			'token request',
			{ grant_type: 'client_credentials', client_id: sampleClientId, client_secret: sampleClientSecret, scope: '' },
			'grant_type=client_credentials&client_id=gR9eYq5oE6mvNAPmwxGO&client_secret=rJbVCKO1eZ8opQwfhNQfmQRlotSJOykg9BbdCDh7&scope=',
		],
		[
			'learners registered between two dates',
			{ action: 'learners', options: { dates: ['2017-07-25 00:00:00', '2017-07-25 23:59:59'] } },
			'action=learners&options%5Bdates%5D%5B0%5D=2017-07-25+00%3A00%3A00&options%5Bdates%5D%5B1%5D=2017-07-25+23%3A59%3A59',
		],
		['courses', { action: 'courses' }, 'action=courses'],
		['academies', { action: 'academies' }, 'action=academies'],
		[
			'checkLearnerInvite',
			{ action: 'checkLearnerInvite', options: { emails: [john, 'jane.doe+ao@example.com', mike] } },
			'action=checkLearnerInvite&options%5Bemails%5D%5B0%5D=john%40example.com&options%5Bemails%5D%5B1%5D=jane.doe%2Bao%40example.com&options%5Bemails%5D%5B2%5D=mike%40example.org',
		],
		[
			'createLoginToken',
			{ action: 'createLoginToken', options: { academy_id: 'zyK0bxgWEY9E4XA6JedG', email: john } },
			'action=createLoginToken&options%5Bacademy_id%5D=zyK0bxgWEY9E4XA6JedG&options%5Bemail%5D=john%40example.com',
		],
		[
			'setLessonVariables with per-email records',
			{
				action: 'setLessonVariables',
				options: {
					academy_id: 'zyK0bxgWEY9E4XA6JedG',
					records: {
						[john]: [{ key: 'some_lesson_variable', value: 'Example', type: 0, default_value: 'Some Default Value For Variable' }],
					},
				},
			},
			'action=setLessonVariables&options%5Bacademy_id%5D=zyK0bxgWEY9E4XA6JedG' +
				'&options%5Brecords%5D%5Bjohn%40example.com%5D%5B0%5D%5Bkey%5D=some_lesson_variable' +
				'&options%5Brecords%5D%5Bjohn%40example.com%5D%5B0%5D%5Bvalue%5D=Example' +
				'&options%5Brecords%5D%5Bjohn%40example.com%5D%5B0%5D%5Btype%5D=0' +
				'&options%5Brecords%5D%5Bjohn%40example.com%5D%5B0%5D%5Bdefault_value%5D=Some+Default+Value+For+Variable',
		],
		[
			'getLearnerVariable',
			{ action: 'getLearnerVariable', options: { records: { [john]: ['var_name_1', 'var_name_4'], [jane]: ['var_name_2', 'var_name_10'] } } },
			'action=getLearnerVariable&options%5Brecords%5D%5Bjohn%40example.com%5D%5B0%5D=var_name_1&options%5Brecords%5D%5Bjohn%40example.com%5D%5B1%5D=var_name_4' +
				'&options%5Brecords%5D%5Bjane%40example.com%5D%5B0%5D=var_name_2&options%5Brecords%5D%5Bjane%40example.com%5D%5B1%5D=var_name_10',
		],
		['getTeams with courses', { action: 'getTeams', options: { records: 'course' } }, 'action=getTeams&options%5Brecords%5D=course'],
		[
			'addLearnersToTeams',
			{ action: 'addLearnersToTeams', options: { teams: ['teamID_1', 'teamID_42'], learners: [john, jane, mike] } },
			'action=addLearnersToTeams&options%5Bteams%5D%5B0%5D=teamID_1&options%5Bteams%5D%5B1%5D=teamID_42' +
				'&options%5Blearners%5D%5B0%5D=john%40example.com&options%5Blearners%5D%5B1%5D=jane%40example.com&options%5Blearners%5D%5B2%5D=mike%40example.org',
		],
		[
			'removeLearnersFromTeams',
			{ action: 'removeLearnersFromTeams', options: { learners: [{ email: john, teams: ['teamID_42', 'teamID_99'] }] } },
			'action=removeLearnersFromTeams&options%5Blearners%5D%5B0%5D%5Bemail%5D=john%40example.com' +
				'&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B0%5D=teamID_42&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B1%5D=teamID_99',
		],
		[
			'revokeLearnersAccess',
			{ action: 'revokeLearnersAccess', options: { learners: [john, jane, mike] } },
			'action=revokeLearnersAccess&options%5Blearners%5D%5B0%5D=john%40example.com&options%5Blearners%5D%5B1%5D=jane%40example.com&options%5Blearners%5D%5B2%5D=mike%40example.org',
		],
		[
			'getLearnersQuizStatistic',
			{
				action: 'getLearnersQuizStatistic',
				options: { records: { [john]: ['eK61OzXl38z5vogrmP0y', 'Lzq0weBKvR72E72olW4X'], [jane]: ['eK61OzXl38z5vogrmP0y', 'Lzq0weBKvR72E72olW4X'] } },
			},
			'action=getLearnersQuizStatistic' +
				'&options%5Brecords%5D%5Bjohn%40example.com%5D%5B0%5D=eK61OzXl38z5vogrmP0y&options%5Brecords%5D%5Bjohn%40example.com%5D%5B1%5D=Lzq0weBKvR72E72olW4X' +
				'&options%5Brecords%5D%5Bjane%40example.com%5D%5B0%5D=eK61OzXl38z5vogrmP0y&options%5Brecords%5D%5Bjane%40example.com%5D%5B1%5D=Lzq0weBKvR72E72olW4X',
		],
		[
			'deleteLearnerInvite',
			{ action: 'deleteLearnerInvite', options: { emails: [john, jane, mike] } },
			'action=deleteLearnerInvite&options%5Bemails%5D%5B0%5D=john%40example.com&options%5Bemails%5D%5B1%5D=jane%40example.com&options%5Bemails%5D%5B2%5D=mike%40example.org',
		],
		[
			'deleteLearners',
			{ action: 'deleteLearners', options: { is_permanently_delete: true, emails: [john, jane], ids: ['learner1_ID', 'learner2_ID'] } },
			'action=deleteLearners&options%5Bis_permanently_delete%5D=1&options%5Bemails%5D%5B0%5D=john%40example.com&options%5Bemails%5D%5B1%5D=jane%40example.com' +
				'&options%5Bids%5D%5B0%5D=learner1_ID&options%5Bids%5D%5B1%5D=learner2_ID',
		],
		[
			'inviteLearners (from the input table)',
			{
				action: 'inviteLearners',
				options: {
					learners: [
						{ email: john, name: 'John Smith', type: 'learner', teams: ['testTeamsID2', 'testTeamsID1'] },
						{ email: 'ann@example.com', name: 'Ann Lee', type: 'manager' },
					],
					is_send_email: false,
				},
			},
			'action=inviteLearners&options%5Blearners%5D%5B0%5D%5Bemail%5D=john%40example.com&options%5Blearners%5D%5B0%5D%5Bname%5D=John+Smith' +
				'&options%5Blearners%5D%5B0%5D%5Btype%5D=learner&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B0%5D=testTeamsID2&options%5Blearners%5D%5B0%5D%5Bteams%5D%5B1%5D=testTeamsID1' +
				'&options%5Blearners%5D%5B1%5D%5Bemail%5D=ann%40example.com&options%5Blearners%5D%5B1%5D%5Bname%5D=Ann+Lee&options%5Blearners%5D%5B1%5D%5Btype%5D=manager' +
				'&options%5Bis_send_email%5D=0',
		],
		[
			'learnersWithScore (from the input table)',
			{ action: 'learnersWithScore', options: { score: 40, operator: '>=' } },
			'action=learnersWithScore&options%5Bscore%5D=40&options%5Boperator%5D=%3E%3D',
		],
		[
			'learnersProgressByCourse (from the input table)',
			{ action: 'learnersProgressByCourse', options: { course_id: 'byY3dwq2exrmWvLpoanMQ', page: 2, amount: 10, show_not_started_learners: true } },
			'action=learnersProgressByCourse&options%5Bcourse_id%5D=byY3dwq2exrmWvLpoanMQ&options%5Bpage%5D=2&options%5Bamount%5D=10&options%5Bshow_not_started_learners%5D=1',
		],
	])('%s', (_name, fields, expected) => {
		expect(encodePhpForm(fields)).toBe(expected);
	});
});

describe('encodePhpForm: PHP behaviours and deliberate differences', () => {
	test.each<[string, Record<string, unknown>, string]>([
		['characters urlencode escapes but encodeURIComponent does not', { text: "it's (really) ~*!" }, 'text=it%27s+%28really%29+%7E%2A%21'],
		['form syntax inside values', { amp: 'a&b=c+d%e [x]' }, 'amp=a%26b%3Dc%2Bd%25e+%5Bx%5D'],
		['unicode as UTF-8 bytes', { name: 'João Ångström 😀' }, 'name=Jo%C3%A3o+%C3%85ngstr%C3%B6m+%F0%9F%98%80'],
		['brackets and spaces in keys', { 'a b': { 'c[d]': 1 } }, 'a+b%5Bc%5Bd%5D%5D=1'],
		['booleans as 1 and 0', { yes: true, no: false }, 'yes=1&no=0'],
		['null, undefined, empty arrays and objects emit nothing', { a: null, b: undefined, c: [], d: {}, e: { f: [], g: null }, h: 'kept' }, 'h=kept'],
		['numbers as decimal text', { int: -7, float: 3.5, big: 1e21, small: 1.5e-7, tiny: -2.5e-10 }, 'int=-7&float=3.5&big=1000000000000000000000&small=0.00000015&tiny=-0.00000000025'],
		['lists inside lists', { m: [['a', 'b'], ['c']] }, 'm%5B0%5D%5B0%5D=a&m%5B0%5D%5B1%5D=b&m%5B1%5D%5B0%5D=c'],
		['sparse list entries keep their index', { list: ['a', null, 'c'] }, 'list%5B0%5D=a&list%5B2%5D=c'],
		['functions and symbols are left out', { f: () => 1, s: Symbol('x'), k: 'v' }, 'k=v'],
		['a lone surrogate becomes U+FFFD, as a UTF-8 encoder writes it', { broken: 'a\uD800b' }, 'broken=a%EF%BF%BDb'],
		['a Date as ISO 8601', { at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) }, 'at=2026-01-02T03%3A04%3A05.000Z'],
		['bigint as decimal', { n: 12345678901234567890n }, 'n=12345678901234567890'],
	])('%s', (_name, fields, expected) => {
		expect(encodePhpForm(fields)).toBe(expected);
	});

	test.each<[string, Record<string, unknown>, string]>([
		['NaN', { options: { score: Number.NaN } }, 'Form field options[score] is not a finite number: NaN'],
		['Infinity', { options: { list: [Infinity] } }, 'Form field options[list][0] is not a finite number: Infinity'],
		['an invalid Date', { at: new Date(Number.NaN) }, 'Form field at is an invalid date'],
	])('%s throws, naming the field', (_name, fields, message) => {
		expect(() => encodePhpForm(fields)).toThrow(message);
	});

	test('a structure that contains itself throws instead of recursing forever', () => {
		const options: Record<string, unknown> = { a: 1 };
		options.self = { back: options };
		expect(() => encodePhpForm({ options })).toThrow('Form field options[self][back] refers to itself');
	});

	test('the same object twice, side by side, is not a cycle', () => {
		const shared = { x: 1 };
		expect(encodePhpForm({ a: shared, b: shared })).toBe('a%5Bx%5D=1&b%5Bx%5D=1');
	});
});

/**
 * Where `parsed` differs from what PHP sees of `original` after a form round trip: booleans are
 * "1"/"0", numbers their decimal text, lists maps keyed "0", "1", …; null, undefined and empty
 * containers vanish. Written against the documented behaviour, not against the encoder's code.
 */
function phpViewMismatches(parsed: unknown, original: unknown, path: string): string[] {
	const differs = (expected: string) => `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(parsed)}`;
	if (typeof original === 'boolean') return parsed === (original ? '1' : '0') ? [] : [differs(original ? '1' : '0')];
	if (typeof original === 'number') {
		const exact = typeof parsed === 'string' && /^-?\d+(\.\d+)?$/.test(parsed) && Number(parsed) === original;
		return exact ? [] : [differs(`decimal text of ${original}`)];
	}
	if (typeof original === 'string') return parsed === original ? [] : [differs(original)];
	if (typeof parsed !== 'object' || parsed === null) return [differs('an array')];
	const entries = Array.isArray(original)
		? original.map((entry, index) => [String(index), entry] as const)
		: Object.entries(original as object);
	const present = entries.filter(([, entry]) => survives(entry));
	const expectedKeys = present.map(([key]) => key).sort();
	const actualKeys = Object.keys(parsed).sort();
	if (JSON.stringify(expectedKeys) !== JSON.stringify(actualKeys)) {
		return [`${path}: expected keys ${JSON.stringify(expectedKeys)}, got ${JSON.stringify(actualKeys)}`];
	}
	return present.flatMap(([key, entry]) => phpViewMismatches((parsed as PhpArray)[key], entry, `${path}[${key}]`));
}

/** Whether a value leaves any trace in a PHP form: scalars do, null and empty containers do not. */
function survives(value: unknown): boolean {
	if (value === null || value === undefined) return false;
	if (typeof value !== 'object') return true;
	return Object.values(value).some(survives);
}

// Nested keys that come back as they went: PHP reads brackets inside a key as nesting, `[]` and `[ ]`
// as "append", and cuts a name at NUL; emails, words and arbitrary text without those are safe.
const safeKey = (key: string) => key !== '' && key !== ' ' && !/[[\]\0]/.test(key);
const key = fc.oneof(
	fc.emailAddress(),
	fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
	fc.constantFrom('0', '7', '10', 'a b', 'x.y', '+', '%', '%41', '&', '=', 'a=b&c', '  ', 'é', '😀'),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter(safeKey),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }).filter(safeKey),
);
const scalar = fc.oneof(
	fc.string({ unit: 'grapheme', maxLength: 20 }),
	fc.string({ unit: 'binary', maxLength: 12 }),
	fc.constantFrom('&', '=', '+', '%', '%20', '%zz', ' ', '[', ']', '[]', 'a&b=c', '100%', 'a[b]=c', '\0'),
	fc.emailAddress(),
	fc.boolean(),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.constant(null),
);
const tree = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		scalar,
		fc.array(tie('node'), { maxLength: 4 }),
		fc.dictionary(key, tie('node'), { maxKeys: 4 }),
	),
})).node;
const action = fc.stringMatching(/^[a-zA-Z]{1,30}$/);
const options = fc.dictionary(key, tree, { maxKeys: 6 });

const ROUND_TRIP_RUNS = 5000;
const CHARSET_RUNS = 2000;

test(`encode → PHP-style parse gives back what PHP sees of the options (property, ${ROUND_TRIP_RUNS} runs)`, () => {
	let runs = 0;
	fc.assert(
		fc.property(action, options, (name, tree) => {
			runs += 1;
			const parsed = parsePhpForm(encodePhpForm({ action: name, options: tree }), { maxInputVars: Infinity });
			expect(phpViewMismatches(parsed, { action: name, options: tree }, '')).toEqual([]);
		}),
		{ numRuns: ROUND_TRIP_RUNS },
	);
	expect(runs).toBe(ROUND_TRIP_RUNS);
});

test(`the encoding only uses urlencode's alphabet (property, ${CHARSET_RUNS} runs)`, () => {
	let runs = 0;
	fc.assert(
		fc.property(options, (tree) => {
			runs += 1;
			const body = encodePhpForm({ options: tree });
			expect(body).toMatch(/^(?:[A-Za-z0-9\-_.+=&]|%[0-9A-F]{2})*$/);
			for (const pair of body ? body.split('&') : []) expect(pair.split('=')).toHaveLength(2);
		}),
		{ numRuns: CHARSET_RUNS },
	);
	expect(runs).toBe(CHARSET_RUNS);
});
