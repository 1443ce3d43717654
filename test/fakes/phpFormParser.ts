/**
 * Reads an `application/x-www-form-urlencoded` body the way PHP builds `$_POST` (and parse_str):
 * main/php_variables.c, php_register_variable_ex, PHP 8. Written independently of the node's
 * encoder (nodes/shared/phpForm.ts) so that tests check one against the other; golden cases in
 * test/unit/phpForm.test.ts were produced by PHP 8.2 itself.
 *
 * - Pairs are split on `&`; empty pairs are skipped; a pair without `=` has the value "".
 * - Names and values are url-decoded: `+` is a space, `%XX` a byte, a `%` not followed by two hex
 *   digits stays as it is; the bytes are then read as UTF-8 (invalid bytes become U+FFFD, since a
 *   JavaScript string cannot hold them; PHP would keep the raw bytes).
 * - A name is cut at a NUL byte and loses its leading spaces; in the part before the first `[`,
 *   spaces and dots become `_`; a name that is empty there is dropped (`[a]=1`, `=1`).
 * - `a[b][c]=x` nests, `a[]=x` (also `a[ ]=x`) appends at the next integer key (largest integer
 *   key + 1, or 0), text after a `]` that is not `[` is ignored (`a[b]c=1` is `a[b]`), a `[` inside
 *   an index is part of the key (`a[b[c]=1` has the key `b[c`).
 * - An unclosed `[` on the first level makes the whole name plain, with ` . [` after it turned into
 *   `_` (`a[b.c=1` is `a_b_c`); on deeper levels the unclosed part is dropped (`a[b][c=1` is `a[b]`).
 * - Later pairs overwrite earlier ones; a plain value that gets nested into becomes an array.
 * - More than `maxNestingLevel` (PHP's max_input_nesting_level, 64) bracket levels drop the whole
 *   top-level variable; more than `maxInputVars` pairs (PHP's max_input_vars, 1000) stop reading
 *   after the first `maxInputVars + 1` pairs, as PHP's POST reader does.
 *
 * Arrays are objects without a prototype (so `__proto__` is an ordinary key). PHP keeps keys in
 * insertion order; JavaScript lists integer-like keys first, in ascending order.
 */
export type PhpValue = string | PhpArray;
export interface PhpArray {
	[key: string]: PhpValue;
}

export interface PhpFormLimits {
	/** PHP's max_input_vars (default 1000). */
	maxInputVars?: number;
	/** PHP's max_input_nesting_level (default 64). */
	maxNestingLevel?: number;
}

export const PHP_DEFAULT_LIMITS: Required<PhpFormLimits> = { maxInputVars: 1000, maxNestingLevel: 64 };

export function phpArray(): PhpArray {
	return Object.create(null) as PhpArray;
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

const isHex = (byte: number | undefined) =>
	byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));

/** PHP's urldecode, then the bytes read as UTF-8. */
export function phpUrlDecode(text: string): string {
	const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
	if (!spaced.includes('%')) return spaced;
	try {
		// Fast path, exact when every `%` starts a valid escape and the bytes are valid UTF-8.
		return decodeURIComponent(spaced);
	} catch {
		return decodeBytes(text);
	}
}

function decodeBytes(text: string): string {
	const input = Buffer.from(text, 'utf8');
	const output = Buffer.alloc(input.length);
	let length = 0;
	for (let index = 0; index < input.length; index++) {
		const byte = input[index];
		if (byte === 0x2b) {
			output[length++] = 0x20;
		} else if (byte === 0x25 && isHex(input[index + 1]) && isHex(input[index + 2])) {
			output[length++] = Number.parseInt(input.toString('latin1', index + 1, index + 3), 16);
			index += 2;
		} else {
			output[length++] = byte;
		}
	}
	return decoder.decode(output.subarray(0, length));
}

const CANONICAL_INTEGER = /^(0|-?[1-9]\d*)$/;
const PHP_INT_MIN = -(2n ** 63n);
const PHP_INT_MAX = 2n ** 63n - 1n;

/** PHP turns keys like "7" or "-3" (within 64 bits) into integer keys; "07" or "1.5" stay text. */
function integerKey(key: string): bigint | undefined {
	if (!CANONICAL_INTEGER.test(key)) return undefined;
	const value = BigInt(key);
	return value >= PHP_INT_MIN && value <= PHP_INT_MAX ? value : undefined;
}

/** The key `$array[] = ...` uses: one past the largest integer key, or 0. */
function nextIndex(target: PhpArray): string {
	let largest: bigint | undefined;
	for (const key of Object.keys(target)) {
		const value = integerKey(key);
		if (value !== undefined && (largest === undefined || value > largest)) largest = value;
	}
	return String(largest === undefined ? 0n : largest + 1n);
}

interface ParsedName {
	/** The top-level name, already rewritten as PHP rewrites it. */
	base: string;
	/** Keys below the top level; `undefined` for `[]` (append). */
	path: Array<string | undefined>;
	/** How many `[` PHP looked at, which is what max_input_nesting_level limits. */
	levels: number;
}

/** Splits a decoded name into its top-level part and bracketed keys, or undefined when PHP drops it. */
function parseName(rawName: string): ParsedName | undefined {
	const name = rawName.split('\0')[0].replace(/^ +/, '');
	const open = name.indexOf('[');
	const base = (open < 0 ? name : name.slice(0, open)).replace(/[ .]/g, '_');
	if (base === '') return undefined;
	if (open < 0) return { base, path: [], levels: 0 };

	const path: Array<string | undefined> = [];
	let levels = 0;
	let position = open;
	while (name[position] === '[') {
		levels += 1;
		let start = position + 1;
		const indexStart = start;
		if (name[start] === ' ') start += 1;
		if (name[start] === ']') {
			path.push(undefined);
			position = start + 1;
			continue;
		}
		const close = name.indexOf(']', start);
		if (close < 0) {
			// Unclosed: on the first level the whole name becomes a plain one; deeper, the rest is dropped.
			if (levels === 1) return { base: `${base}_${name.slice(indexStart).replace(/[ .[]/g, '_')}`, path: [], levels };
			break;
		}
		path.push(name.slice(indexStart, close));
		position = close + 1;
	}
	return { base, path, levels };
}

function register(result: PhpArray, { base, path }: ParsedName, value: string): void {
	let target = result;
	let key: string = base;
	for (const next of path) {
		if (typeof target[key] !== 'object') target[key] = phpArray();
		target = target[key] as PhpArray;
		key = next ?? nextIndex(target);
	}
	target[key] = value;
}

export function parsePhpForm(body: string, limits: PhpFormLimits = PHP_DEFAULT_LIMITS): PhpArray {
	const { maxInputVars, maxNestingLevel } = { ...PHP_DEFAULT_LIMITS, ...limits };
	const result = phpArray();
	const pairs = body.split('&');
	// A body ending in `&` (or an empty body) has no pair after the last separator.
	if (pairs[pairs.length - 1] === '') pairs.pop();
	let count = 0;
	for (const pair of pairs) {
		if (pair !== '') {
			const equals = pair.indexOf('=');
			const name = parseName(phpUrlDecode(equals < 0 ? pair : pair.slice(0, equals)));
			const value = equals < 0 ? '' : phpUrlDecode(pair.slice(equals + 1));
			if (name && name.levels > maxNestingLevel) {
				delete result[name.base];
			} else if (name) {
				register(result, name, value);
			}
		}
		// PHP counts every pair, empty ones too, and stops once it has read one more than the limit.
		count += 1;
		if (count > maxInputVars) break;
	}
	return result;
}

/** The values of a PHP array in key order (array_values); a string is a one-element list. */
export function phpList(value: PhpValue | undefined): PhpValue[] {
	if (value === undefined) return [];
	if (typeof value === 'string') return [value];
	return Object.values(value);
}

/**
 * A form flag as Laravel reads it (`$request->boolean()`, PHP's FILTER_VALIDATE_BOOLEAN):
 * "1", "true", "on" and "yes" (any case, surrounding spaces ignored) are true, anything else false.
 */
export function phpBool(value: PhpValue | undefined): boolean {
	return typeof value === 'string' && ['1', 'true', 'on', 'yes'].includes(value.trim().toLowerCase());
}
