/** Small statistics and formatting helpers shared by the suites and the report. */

export function median(values: number[]): number {
	if (!values.length) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The q-quantile (0..1) by nearest rank, e.g. 0.99 for p99. */
export function quantile(values: number[], q: number): number {
	if (!values.length) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[rank];
}

export interface LinearFit {
	/** Cost per unit of x (ms per item when y is ms and x is items). */
	slope: number;
	intercept: number;
	/** Coefficient of determination of the fit. */
	r2: number;
}

/** Ordinary least squares y = intercept + slope * x. */
export function leastSquares(points: Array<{ x: number; y: number }>): LinearFit {
	const n = points.length;
	const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
	const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
	let sxx = 0;
	let sxy = 0;
	let syy = 0;
	for (const { x, y } of points) {
		sxx += (x - meanX) ** 2;
		sxy += (x - meanX) * (y - meanY);
		syy += (y - meanY) ** 2;
	}
	const slope = sxy / sxx;
	const intercept = meanY - slope * meanX;
	const residual = points.reduce((sum, { x, y }) => sum + (y - intercept - slope * x) ** 2, 0);
	return { slope, intercept, r2: syy === 0 ? 1 : 1 - residual / syy };
}

/** A number with thousands separators and a sensible number of digits for a table. */
export function fmt(value: number, digits?: number): string {
	if (!Number.isFinite(value)) return String(value);
	const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
	return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}

export function fmtBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${fmt(bytes / 1024 / 1024, 1)} MiB`;
	if (bytes >= 1024) return `${fmt(bytes / 1024, 1)} KiB`;
	return `${bytes} B`;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs the garbage collector when the process was started with --expose-gc. */
export function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) gc();
}
