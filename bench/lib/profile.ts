import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

import { ROOT } from './dist.ts';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

export interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileSummary {
	/** Where the profile was written (relative to the package root). */
	file: string;
	busyMs: number;
	/** Idle time, and the profiler's own work, as a share of the profiled stretch. */
	idlePercent: number;
	/** Share of busy time spent in the frame itself. */
	topSelf: Array<{ frame: string; percent: number }>;
	/** Share of busy time spent in each package or area (self time). */
	byArea: Array<{ area: string; percent: number }>;
	/** Share of busy time spent in a frame and everything it called (named package frames; the 40 heaviest). */
	topInclusive: Array<{ frame: string; percent: number }>;
}

/** Runs `work` under the V8 sampling profiler of this process (same as --cpu-prof, for one stretch). */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary }> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 200 });
	await session.post('Profiler.start');
	let value: T;
	let profile: CpuProfile;
	try {
		value = await work();
	} finally {
		({ profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile });
		session.disconnect();
	}
	const directory = `${ROOT}bench/results/profiles`;
	mkdirSync(directory, { recursive: true });
	const file = `bench/results/profiles/${name}.cpuprofile`;
	writeFileSync(`${ROOT}${file}`, JSON.stringify(profile));
	return { value, summary: summarize(profile, file) };
}

function location(frame: CallFrame): string {
	const url = frame.url
		.replace(/^file:\/\//, '')
		.replace(ROOT, '')
		.replace(/^.*node_modules\//, '');
	return url ? `${url}:${frame.lineNumber + 1}` : '';
}

function label(frame: CallFrame): string {
	const where = location(frame);
	return `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/** The package (or area) a frame belongs to: `axios`, `n8n-workflow`, `node:http`, `dist (this package)`… */
function area(frame: CallFrame): string {
	const url = frame.url.replace(/^file:\/\//, '');
	if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
	const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (inModules) return inModules[1];
	if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/').slice(0, 2).join('/');
	if (url.includes('/dist/')) return 'dist (this package)';
	if (url.includes('/test/')) return 'test harness/fakes';
	if (url.includes('/bench/')) return 'bench';
	return url;
}

const WRAPPERS = new Set(['(root)', '(program)', '(idle)', 'processTicksAndRejections', 'runMicrotasks', 'run', 'emit']);

export function summarize(profile: CpuProfile, file: string): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const selfById = new Map<number, number>();
	profile.samples.forEach((id, index) => selfById.set(id, (selfById.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

	let idle = 0;
	let total = 0;
	const self = new Map<string, number>();
	const areas = new Map<string, number>();
	const inclusive = new Map<string, number>();
	for (const [id, micros] of selfById) {
		const node = byId.get(id) as ProfileNode;
		total += micros;
		if (node.callFrame.functionName === '(idle)' || node.callFrame.url.startsWith('node:inspector')) {
			// Idle, or the profiler itself (collecting the profile at Profiler.stop).
			idle += micros;
			continue;
		}
		self.set(label(node.callFrame), (self.get(label(node.callFrame)) ?? 0) + micros);
		areas.set(area(node.callFrame), (areas.get(area(node.callFrame)) ?? 0) + micros);
		const seen = new Set<string>();
		for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
			const frame = (byId.get(current) as ProfileNode).callFrame;
			const key = label(frame);
			const anonymous = !frame.functionName || frame.functionName === '(anonymous)';
			if (seen.has(key) || anonymous || WRAPPERS.has(frame.functionName) || !frame.url || frame.url.startsWith('node:')) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
		}
	}
	const busy = total - idle;
	const top = (map: Map<string, number>, count: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, count)
			.map(([key, micros]) => ({ key, percent: (100 * micros) / busy }));
	return {
		file,
		busyMs: busy / 1000,
		idlePercent: total ? (100 * idle) / total : 0,
		topSelf: top(self, 10).map(({ key, percent }) => ({ frame: key, percent })),
		byArea: top(areas, 10).map(({ key, percent }) => ({ area: key, percent })),
		topInclusive: top(inclusive, 40).map(({ key, percent }) => ({ frame: key, percent })),
	};
}

/** Markdown lines for a profile summary, for the report's evidence section. */
export function profileMarkdown(title: string, summary: ProfileSummary): string[] {
	const pct = (value: number) => `${value.toFixed(1)}%`;
	return [
		`**${title}** — \`${summary.file}\` (open in Chrome DevTools or speedscope); ${summary.busyMs.toFixed(0)} ms busy, ${pct(summary.idlePercent)} idle.`,
		'',
		`- Self time by package: ${summary.byArea.map((entry) => `${entry.area} ${pct(entry.percent)}`).join(', ')}`,
		`- Top self frames: ${summary.topSelf
			.slice(0, 8)
			.map((entry) => `\`${entry.frame}\` ${pct(entry.percent)}`)
			.join(', ')}`,
		`- Inclusive (frame and callees): ${summary.topInclusive
			.slice(0, 10)
			.map((entry) => `\`${entry.frame}\` ${pct(entry.percent)}`)
			.join(', ')}`,
	];
}

/** Inclusive share of the first frame whose label starts with `name ` (0 when it is not among the heaviest). */
export function inclusiveShare(summary: ProfileSummary, name: string, where = ''): number {
	return summary.topInclusive.find((entry) => entry.frame.startsWith(`${name} `) && entry.frame.includes(where))?.percent ?? 0;
}

export function selfShare(summary: ProfileSummary, area: string): number {
	return summary.byArea.find((entry) => entry.area === area)?.percent ?? 0;
}
