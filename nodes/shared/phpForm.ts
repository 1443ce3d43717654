/**
 * `application/x-www-form-urlencoded` exactly as PHP's http_build_query (and so Guzzle's
 * `form_params`, which the AcademyOcean reference uses) writes it:
 * - nested arrays and objects become bracketed keys: `options[dates][0]=...`;
 * - `true`/`false` become `1`/`0`, null and undefined are left out, empty arrays emit nothing;
 * - keys and values are encoded like PHP's urlencode: only letters, digits and `-_.` stay as they
 *   are, a space becomes `+`, brackets in keys become `%5B`/`%5D`.
 */
export function encodePhpForm(fields: Record<string, unknown>): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(fields)) appendPairs(pairs, key, value);
	return pairs.join('&');
}

function appendPairs(pairs: string[], key: string, value: unknown): void {
	if (value === null || value === undefined) return;
	if (Array.isArray(value)) {
		value.forEach((entry, index) => appendPairs(pairs, `${key}[${index}]`, entry));
		return;
	}
	if (typeof value === 'object' && !(value instanceof Date)) {
		for (const [childKey, child] of Object.entries(value as Record<string, unknown>)) {
			appendPairs(pairs, `${key}[${childKey}]`, child);
		}
		return;
	}
	pairs.push(`${phpUrlEncode(key)}=${phpUrlEncode(scalarText(value))}`);
}

function scalarText(value: unknown): string {
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (value instanceof Date) return value.toISOString();
	return String(value);
}

function phpUrlEncode(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!'()*~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
		.replace(/%20/g, '+');
}
