import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal values have one spelling. */
function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, entry]) => entry !== undefined)
			// An object's keys are distinct, so no two compare equal.
			.sort(([a], [b]) => (a < b ? -1 : 1));
		return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * The SHA-256 of an event's content, for events that carry no id of their own. It is taken over
 * the parsed event rather than the bytes received, so that a retry re-serialised or re-signed by
 * the platform, or a token whose encoding was altered, is still recognised as the same event.
 */
export function fingerprint(event: Record<string, unknown>): string {
	return createHash('sha256').update(canonicalJson(event)).digest('hex');
}
