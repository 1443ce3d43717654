import fc from 'fast-check';

import { parsePhpForm, phpBool } from './phpFormParser.ts';

/** `{ x: { x: … value } }`, `depth` levels of x below the first. */
function nested(depth: number, value: string): unknown {
	return depth === 0 ? value : { x: nested(depth - 1, value) };
}

const PARSER_RUNS = 5000;

// What PHP 8.2 puts into $_POST for each body (served by `php -S`, printed with json_encode).
describe('parsePhpForm builds what PHP builds for $_POST', () => {
	test.each<[string, unknown]>([
		['a[]=x&a[]=y', { a: { 0: 'x', 1: 'y' } }],
		['a[b][c]=x&a[b][d]=y', { a: { b: { c: 'x', d: 'y' } } }],
		['a[5]=x&a[]=y', { a: { 5: 'x', 6: 'y' } }],
		['a[-3]=x&a[]=y', { a: { '-3': 'x', '-2': 'y' } }],
		['a[07]=x&a[]=y', { a: { '07': 'x', 0: 'y' } }],
		['a=1&a=2', { a: '2' }],
		['a=1&a[b]=2', { a: { b: '2' } }],
		['a[b]=2&a=1', { a: '1' }],
		['a+b.c=1', { a_b_c: '1' }],
		['%20%20lead=1', { lead: '1' }],
		['a[b]c=1', { a: { b: '1' } }],
		['a[b[c]=1', { a: { 'b[c': '1' } }],
		['a[b.c=1', { a_b_c: '1' }],
		['a[b][c=1', { a: { b: '1' } }],
		['a[ ]=x&a[ ]=y', { a: { 0: 'x', 1: 'y' } }],
		['a[ b]=1', { a: { ' b': '1' } }],
		['[a]=1&=2&b', { b: '' }],
		['a=1&&b=2&', { a: '1', b: '2' }],
		['a=100%25+sure%21&b=%zz&c=%2', { a: '100% sure!', b: '%zz', c: '%2' }],
		['x%5By%5D%5B0%5D=z', { x: { y: { 0: 'z' } } }],
		['n%00ame=1&m[a%00b]=2', { n: '1', m_a: '2' }],
		['a=%C3%A9%E2%82&b=%FF', { a: 'é\uFFFD', b: '\uFFFD' }],
		['emails[]=a%40b.com&emails[]=c%2Bd%40e.com', { emails: { 0: 'a@b.com', 1: 'c+d@e.com' } }],
	])('%s', (body, expected) => {
		expect(parsePhpForm(body)).toEqual(expected);
	});

	test('__proto__ is an ordinary key and pollutes nothing', () => {
		const parsed = parsePhpForm('a[__proto__][polluted]=1&__proto__=x');
		expect(Object.keys(parsed)).toEqual(['a', '__proto__']);
		expect(Object.keys(parsed.a)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('more than 64 bracket levels drop the whole variable, as max_input_nesting_level does', () => {
		// 64 levels are kept whole: a[x][x]…[x] (64 times) holds the value 63 levels below a.x.
		expect(parsePhpForm(`a[b]=1&a${'[x]'.repeat(64)}=2&c=3`)).toEqual({ a: { b: '1', x: nested(63, '2') }, c: '3' });
		expect(parsePhpForm(`a[b]=1&a${'[x]'.repeat(65)}=2&c=3`)).toEqual({ c: '3' });
	});

	test('max_input_vars: PHP stops after reading one more pair than the limit, empty pairs count', () => {
		const body = Array.from({ length: 1005 }, (_, index) => `v${index}=1`).join('&');
		expect(Object.keys(parsePhpForm(body))).toHaveLength(1001);
		expect(Object.keys(parsePhpForm(`${'&'.repeat(999)}a=1&b=2&c=3`))).toEqual(['a', 'b']);
		expect(Object.keys(parsePhpForm(body, { maxInputVars: Infinity }))).toHaveLength(1005);
	});

	test.each([
		['1', true],
		['true', true],
		[' Yes ', true],
		['on', true],
		['0', false],
		['false', false],
		['', false],
		['no', false],
		['off', false],
		[undefined, false],
	])('phpBool(%p) is %p, as Laravel $request->boolean() reads it', (value, expected) => {
		expect(phpBool(value)).toBe(expected);
	});
});

test(`the parser takes any body without throwing or touching prototypes (property, ${PARSER_RUNS} runs)`, () => {
	const alphabet = fc.constantFrom('a', 'b', '0', '[', ']', '[]', '=', '&', '%', '%5B', '%5D', '+', ' ', '.', '%00', '__proto__', 'constructor', 'é', '%C3');
	let runs = 0;
	fc.assert(
		fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (body) => {
			runs += 1;
			const parsed = parsePhpForm(body);
			expect(Object.getPrototypeOf(parsed)).toBeNull();
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		}),
		{ numRuns: PARSER_RUNS },
	);
	expect(runs).toBe(PARSER_RUNS);
});
