import type { StoppingPoint } from './nodeRun';

/** `0–19, 21, 23–27`: item indexes as ranges, at most `limit` ranges (then "…"). */
export function itemRanges(indexes: number[], limit = 25): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const ranges: string[] = [];
	for (let start = 0; start < sorted.length; ) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end += 1;
		ranges.push(end === start ? String(sorted[start]) : `${sorted[start]}–${sorted[end]}`);
		start = end + 1;
	}
	return ranges.length > limit ? `${ranges.slice(0, limit).join(', ')}, …` : ranges.join(', ');
}

function count(value: number, noun: string): string {
	return `${value.toLocaleString('en-US')} ${noun}${value === 1 ? '' : 's'}`;
}

export function minutes(ms: number): string {
	if (ms < 60_000) return `${Math.ceil(ms / 1000)} s`;
	const value = ms / 60_000;
	return `${Number.isInteger(value) ? value : value.toFixed(1)} min`;
}

/**
 * What the stopped run did, for the error n8n shows: the headline (appended to the item's own
 * message) and the lines of the description. Item numbers are n8n's item indexes (0-based, as
 * `$itemIndex` and the error's "Item Index").
 */
export function describeStoppingPoint(point: StoppingPoint, succeededWord: string): { headline: string; lines: string[] } {
	const { total, succeeded, failed, notSent, inDoubt } = point;
	const parts = [`${succeeded.length.toLocaleString('en-US')} of ${count(total, 'item')} ${succeededWord}`];
	if (notSent.length) parts.push(`${notSent.length.toLocaleString('en-US')} not sent`);
	if (inDoubt.length) parts.push(`${inDoubt.length.toLocaleString('en-US')} may have been ${succeededWord}`);
	const headline = `the node stopped sending: ${parts.join(', ')}`;
	const lines = [
		`${capitalise(succeededWord)} (sent once; do not send again): ${succeeded.length ? `items ${itemRanges(succeeded)}` : 'none'}`,
		// An item whose answer was lost stops the run in doubt, without any item having failed.
		`Failed: ${failed.length ? `items ${itemRanges(failed)}` : 'none'}`,
	];
	if (inDoubt.length) lines.push(`May have been ${succeededWord} (no answer came back; check before sending again): items ${itemRanges(inDoubt)}`);
	lines.push(`Not sent: ${notSent.length ? `items ${itemRanges(notSent)}` : 'none'}`);
	lines.push('Item numbers are n8n item indexes (the first item is 0). Fix the failed items and run again with the items not sent.');
	return { headline, lines };
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
