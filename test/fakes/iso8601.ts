/** ISO 8601 calendar date, optionally with a time and an offset, that names a real instant. */
const ISO_8601 =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isIso8601(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const match = ISO_8601.exec(value);
	if (!match) return false;
	const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
	const date = new Date(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second));
	return (
		date.getUTCFullYear() === +year &&
		date.getUTCMonth() === +month - 1 &&
		date.getUTCDate() === +day &&
		+hour < 24 &&
		+minute < 60 &&
		+second < 60
	);
}
