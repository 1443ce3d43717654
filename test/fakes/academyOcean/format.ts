/** Formats the API uses in its answers, all in UTC (the reference: "All dates … are in UTC"). */

/** PHP's DATE_ATOM: `2017-07-24T10:26:23+00:00`. */
export function atom(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `m/d/Y`, as in learnersProgressByCourse and quiz statistics: `01/24/2021`. */
export function usDate(value: string): string {
	const date = new Date(value);
	return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${date.getUTCFullYear()}`;
}

/** 12-hour time: `7:41 AM` (`g:i A`), or `07:41 AM` (`h:i A`) with `padHour`. */
export function usTime(value: string, padHour = false): string {
	const date = new Date(value);
	const hour = date.getUTCHours() % 12 || 12;
	return `${padHour ? pad(hour) : hour}:${pad(date.getUTCMinutes())} ${date.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/** `hh:mm:ss`. */
export function hms(seconds: number): string {
	return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** A keyed result as PHP's json_encode writes it: an empty array is `[]`, not `{}`. */
export function phpMap<T>(entries: Record<string, T>): Record<string, T> | [] {
	return Object.keys(entries).length ? entries : [];
}

/** The atom string `seconds` after `start`. */
export function later(start: string, seconds: number): string {
	return atom(new Date(Date.parse(start) + seconds * 1000));
}
