/**
 * ISO 8601 as the Thought Industries reference asks for it ("ISO 8601 timestamp"), checked at least as
 * strictly as the node checks it (nodes/shared/validation.ts), written independently of it: a calendar
 * date `YYYY-MM-DD`, optionally `T` (ISO 8601 has no space form) and `hh:mm`, optional `:ss` with an
 * optional fraction, an optional `Z` or `±hh:mm` / `±hhmm` offset; every part within its range and the
 * day real in its month.
 */
const ISO_8601 =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

export function isIso8601(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const match = ISO_8601.exec(value);
	if (!match) return false;
	const [, year, month, day, hour = '0', minute = '0', second = '0', offsetHours = '0', offsetMinutes = '0'] = match;
	const date = new Date(Date.UTC(+year, +month - 1, +day));
	return (
		date.getUTCFullYear() === +year &&
		date.getUTCMonth() === +month - 1 &&
		date.getUTCDate() === +day &&
		+hour < 24 &&
		+minute < 60 &&
		+second < 60 &&
		+offsetHours < 24 &&
		+offsetMinutes < 60
	);
}
