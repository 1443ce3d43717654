/**
 * `application/x-www-form-urlencoded` as PHP's http_build_query writes it, which is what Guzzle's
 * `form_params` (used by every example in the AcademyOcean reference) sends:
 *
 * - nested arrays and objects become bracketed keys, lists by index:
 *   `{ options: { dates: ['a'] } }` → `options%5Bdates%5D%5B0%5D=a`;
 * - keys and values are encoded like PHP's urlencode (RFC 1738 form, PHP_QUERY_RFC1738, the default):
 *   only `A-Z a-z 0-9 - _ .` stay as they are, a space becomes `+`, every other UTF-8 byte `%XX`
 *   (upper-case hex), so brackets in keys are `%5B`/`%5D`;
 * - `true` → `1`, `false` → `0`;
 * - null and undefined are left out, and so are empty arrays and objects: PHP writes nothing for them,
 *   so the server cannot tell them from a missing field;
 * - functions and symbols are left out (they have no form representation, as in JSON).
 *
 * Deliberate differences from PHP, where PHP would lose or garble data:
 * - numbers are written losslessly as plain decimal text (`0.1`, `1000000000000000000000`, never
 *   `1.0E+21`); PHP rounds floats to 14 significant digits;
 * - non-finite numbers (NaN, ±Infinity) and cyclic structures throw instead of sending `NAN` or
 *   recursing forever; the error names the field;
 * - a `Date` is written as its ISO 8601 text (PHP would write a DateTime's public properties).
 *
 * Pairs come out in property order (JavaScript lists integer-like keys first).
 */
export function encodePhpForm(fields: Record<string, unknown>): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(fields)) appendPairs(pairs, key, value, []);
	return pairs.join('&');
}

function appendPairs(pairs: string[], key: string, value: unknown, ancestors: object[]): void {
	if (value === null || value === undefined) return;
	if (typeof value === 'function' || typeof value === 'symbol') return;
	if (typeof value === 'object' && !(value instanceof Date)) {
		if (ancestors.includes(value)) throw new TypeError(`Form field ${key} refers to itself`);
		const entries = Array.isArray(value)
			? value.map((entry, index) => [String(index), entry] as const)
			: Object.entries(value);
		const path = [...ancestors, value];
		for (const [childKey, child] of entries) appendPairs(pairs, `${key}[${childKey}]`, child, path);
		return;
	}
	pairs.push(`${phpUrlEncode(key)}=${phpUrlEncode(scalarText(key, value))}`);
}

function scalarText(key: string, value: unknown): string {
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (typeof value === 'number') return decimalText(key, value);
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new TypeError(`Form field ${key} is an invalid date`);
		return value.toISOString();
	}
	return String(value);
}

/** The shortest text that reads back as the same number, without exponent notation. */
function decimalText(key: string, value: number): string {
	if (!Number.isFinite(value)) throw new TypeError(`Form field ${key} is not a finite number: ${value}`);
	const text = String(value);
	const exponent = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!exponent) return text;
	const [, sign, leading, fraction = '', power] = exponent;
	const digits = leading + fraction;
	// The decimal point sits after `pointAt` digits of `digits`.
	const pointAt = 1 + Number(power);
	if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
	return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** PHP's urlencode over the UTF-8 bytes; a lone surrogate becomes U+FFFD as a UTF-8 encoder makes it. */
function phpUrlEncode(text: string): string {
	return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD'))
		.replace(/[!'()*~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
		.replace(/%20/g, '+');
}
