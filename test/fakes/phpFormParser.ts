/**
 * Parses an `application/x-www-form-urlencoded` body the way PHP builds `$_POST` (parse_str):
 * `a[b][c]=x` nests, `a[]=x` appends, `+` is a space, later duplicates overwrite earlier ones,
 * and dots or spaces in a top-level name become underscores. Written independently of the
 * node's encoder so that tests check one against the other.
 */
export type PhpValue = string | PhpArray;
export interface PhpArray {
	[key: string]: PhpValue;
}

function decode(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

function nextIndex(target: PhpArray): string {
	const numeric = Object.keys(target)
		.filter((key) => /^(0|[1-9]\d*)$/.test(key))
		.map(Number);
	return String(numeric.length ? Math.max(...numeric) + 1 : 0);
}

function splitName(name: string): { base: string; path: string[] } {
	const open = name.indexOf('[');
	if (open <= 0) return { base: name.replace(/[. ]/g, '_'), path: [] };
	const base = name.slice(0, open).replace(/[. ]/g, '_');
	const path: string[] = [];
	let rest = name.slice(open);
	while (rest.startsWith('[')) {
		const close = rest.indexOf(']');
		if (close < 0) break;
		path.push(rest.slice(1, close));
		rest = rest.slice(close + 1);
	}
	return { base, path };
}

export function parsePhpForm(body: string): PhpArray {
	const result: PhpArray = {};
	for (const pair of body.split('&')) {
		if (!pair) continue;
		const equals = pair.indexOf('=');
		const name = decode(equals < 0 ? pair : pair.slice(0, equals));
		const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
		const { base, path } = splitName(name);
		if (!base) continue;
		let target = result;
		const keys = [base, ...path];
		for (let index = 0; index < keys.length; index++) {
			const key = keys[index] === '' ? nextIndex(target) : keys[index];
			if (index === keys.length - 1) {
				target[key] = value;
			} else {
				if (typeof target[key] !== 'object') target[key] = {};
				target = target[key] as PhpArray;
			}
		}
	}
	return result;
}

/** The values of a PHP array in key order when it is a list, as PHP's array_values would give. */
export function phpList(value: PhpValue | undefined): PhpValue[] {
	if (value === undefined) return [];
	if (typeof value === 'string') return [value];
	return Object.values(value);
}

/** A form flag as a Laravel API reads it ($request->boolean()): "", "0" and "false" are false. */
export function phpBool(value: PhpValue | undefined): boolean {
	if (value === undefined || typeof value === 'object') return value !== undefined && Object.keys(value).length > 0;
	return !['', '0', 'false'].includes(value.toLowerCase());
}
