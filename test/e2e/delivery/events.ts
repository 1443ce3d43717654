// Distinct platform events for the delivery tests, each recognisable in what Thought Industries records:
// event i carries its own finish / completion time, which the example workflows send as completionDate.
import { randomUUID } from 'node:crypto';
import type { CanvasKey } from '../../../scripts/sandbox/canvasKey.ts';
import { academyOceanCourseFinished, canvasCourseCompleted } from '../../../scripts/sandbox/demoEvents.ts';
import { academyOceanSignature, canvasJwt } from '../../../scripts/sandbox/signing.ts';
import type { RecordedActivity } from '../../fakes/thoughtIndustries.ts';

export interface PlatformEvent {
	/** What identifies the event in Thought Industries' records. */
	key: string;
	source: 'academyOcean' | 'canvas';
	/** The webhook path of the workflow it goes to: `/webhook/<id>/webhook`. */
	path: string;
	/** A fresh delivery of the event: the same event, signed again as the platform does on a retry. */
	delivery(): { body: string; headers: Record<string, string> };
}

/** AcademyOcean `course.finished` events: `finish_date` (the activity's completionDate) is unique per event. */
export function academyOceanEvents(count: number, path: string, secret: string, run: number): PlatformEvent[] {
	return Array.from({ length: count }, (_, index) => {
		const finishedAt = new Date(Date.UTC(2026, 0, 1 + run, 0, 0, 0) + index * 1000);
		const event = { ...academyOceanCourseFinished(finishedAt), id: randomUUID() };
		const body = JSON.stringify(event);
		return {
			key: `ao:${finishedAt.toISOString().replace(/\.\d{3}Z$/, '+00:00')}`,
			source: 'academyOcean' as const,
			path,
			delivery: () => ({ body, headers: { 'content-type': 'application/json', signature: academyOceanSignature(body, secret) } }),
		};
	});
}

/** Canvas `course_completed` Live Events: `completed_at` is unique per event. Each delivery is a newly signed JWT. */
export function canvasEvents(count: number, path: string, key: CanvasKey, run: number): PlatformEvent[] {
	return Array.from({ length: count }, (_, index) => {
		const completedAt = new Date(Date.UTC(2026, 1, 1 + run, 0, 0, 0) + index * 1000);
		const payload = canvasCourseCompleted(completedAt);
		return {
			key: `canvas:${completedAt.toISOString()}`,
			source: 'canvas' as const,
			path,
			// Canvas signs each attempt again: a retry's token differs from the first one.
			delivery: () => ({ body: canvasJwt(payload, key, 900), headers: { 'content-type': 'text/plain' } }),
		};
	});
}

/** The event key of an activity Thought Industries recorded. */
export function activityKey(activity: RecordedActivity): string {
	const date = String(activity.attributes.completionDate ?? '');
	return activity.kind === 'course' ? `ao:${date}` : `canvas:${date}`;
}

export interface Tally {
	events: number;
	recordedOnce: number;
	duplicates: number;
	/** Extra calls beyond the first, over all events. */
	extraCalls: number;
	losses: number;
	lost: string[];
	duplicated: string[];
}

/** Thought Industries calls per event: exactly one is the target. */
export function tally(events: PlatformEvent[], activities: RecordedActivity[]): Tally {
	const calls = new Map<string, number>();
	for (const activity of activities) calls.set(activityKey(activity), (calls.get(activityKey(activity)) ?? 0) + 1);
	const counts = events.map((event) => ({ key: event.key, calls: calls.get(event.key) ?? 0 }));
	const duplicated = counts.filter(({ calls: count }) => count > 1);
	const lost = counts.filter(({ calls: count }) => count === 0).map(({ key }) => key);
	return {
		events: events.length,
		recordedOnce: counts.filter(({ calls: count }) => count === 1).length,
		duplicates: duplicated.length,
		extraCalls: duplicated.reduce((sum, { calls: count }) => sum + count - 1, 0),
		losses: lost.length,
		lost,
		duplicated: duplicated.map(({ key, calls: count }) => `${key} x${count}`),
	};
}
