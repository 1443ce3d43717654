/** What every suite reports to run.mjs; the report and the chart are built from these alone. */

/** `reported`: a figure the issue asks for without a target. */
export type Verdict = 'met' | 'missed' | 'not run' | 'reported';

export interface Target {
	/** e.g. "Engine overhead at N = 1,000". */
	name: string;
	/** e.g. "node within 1.5x of raw (ratio <= 1.5)". */
	target: string;
	/** The measured value as text, e.g. "4.2x". */
	measured: string;
	verdict: Verdict;
	/** For missed targets and "not run": the cause, and what would close it. */
	note?: string;
}

export interface Table {
	headers: string[];
	rows: string[][];
}

/** One bar of the chart: a measured ratio against its target line. */
export interface ChartBar {
	label: string;
	value: number;
	target: number;
	/** Whether bigger is better (throughput ratio) or smaller is better (overhead multiple). */
	higherIsBetter: boolean;
	unit: string;
}

/** A grouped throughput series for the chart (e.g. items/s of node vs raw by N). */
export interface ChartGroup {
	title: string;
	unit: string;
	categories: string[];
	series: Array<{ name: string; values: number[] }>;
}

export interface SuiteResult {
	id: string;
	title: string;
	/** How it was measured: method, rounds, concurrency, what "raw" is. */
	method: string[];
	tables: Array<{ caption: string; table: Table }>;
	targets: Target[];
	/** Profiling evidence and other observations (markdown lines). */
	evidence: string[];
	bars: ChartBar[];
	groups: ChartGroup[];
}

export function notRun(id: string, title: string, reason: string, targets: Array<Pick<Target, 'name' | 'target'>>): SuiteResult {
	return {
		id,
		title,
		method: [],
		tables: [],
		targets: targets.map((target) => ({ ...target, measured: '-', verdict: 'not run', note: reason })),
		evidence: [`not run: ${reason}`],
		bars: [],
		groups: [],
	};
}
