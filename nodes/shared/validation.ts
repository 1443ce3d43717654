const ISO_8601 =
	/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** True for an ISO 8601 date or date-time (optional seconds, fraction and offset) naming a real instant. */
export function isIso8601(value: string): boolean {
	const match = ISO_8601.exec(value);
	if (!match) return false;
	const [, year, month, day, hour = '0', minute = '0', second = '0', offsetHours = '0', offsetMinutes = '0'] =
		match;
	// Date.UTC rolls an impossible day or month over (and maps years 0-99 to 1900-1999): a real date reads back unchanged.
	const calendar = new Date(Date.UTC(+year, +month - 1, +day)).toISOString().slice(0, 10);
	return (
		calendar === `${year}-${month}-${day}` &&
		+hour < 24 &&
		+minute < 60 &&
		+second < 60 &&
		+offsetHours < 24 &&
		+offsetMinutes < 60
	);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/**
 * A date parameter as text: the editor's date picker gives a string, an expression may give a
 * JavaScript Date or a Luxon DateTime ({{ $now }}); anything else is returned as text for validation.
 */
export function dateParameterToText(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return String((value as { toISO: () => string }).toISO());
	}
	return typeof value === 'string' ? value.trim() : String(value ?? '');
}
