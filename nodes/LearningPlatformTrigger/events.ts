import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

export const ALL_EVENTS = '*';

/**
 * As the payload's `event` field names them (the reference lists `team.new.learners`; deliveries say
 * `team.new_learners`). `action` is the entry n8n's node panel shows for each ("On AcademyOcean
 * course finished"): picking one adds the trigger with this Source and this event chosen.
 */
export const ACADEMY_OCEAN_EVENTS: INodePropertyOptions[] = [
	{ name: 'Academy Learner Sign Up', value: 'academy.learner.sign_up', description: 'A new learner registered in the academy' },
	{ name: 'Course Finished', value: 'course.finished', description: 'A learner finished a course' },
	{ name: 'Course Group Finished', value: 'course_group.finished', description: 'A learner finished a group of courses' },
	{ name: 'Course Group Started', value: 'course_group.started', description: 'A learner started a group of courses' },
	{ name: 'Course Started', value: 'course.started', description: 'A learner started a course' },
	{ name: 'Learner Course Available', value: 'learner.course.available', description: 'A learner got access to a course' },
	{ name: 'Learner Course Certificate Issued', value: 'learner.course_certificate.issued', description: 'A learner received a certificate' },
	{ name: 'Learner End Quiz Attempts', value: 'learner.end_quiz_attempts', description: 'A learner used every attempt at a quiz' },
	{ name: 'Lesson Finished', value: 'lesson.finished', description: 'A learner finished a lesson' },
	{ name: 'Lesson Started', value: 'lesson.started', description: 'A learner started a lesson' },
	{ name: 'Quiz Finished', value: 'quiz.finished', description: 'A learner finished a quiz' },
	{ name: 'Quiz Started', value: 'quiz.started', description: 'A learner started a quiz' },
	{ name: 'Team New Learners', value: 'team.new_learners', description: 'Learners joined a team (or No Team)' },
].map((event) => ({ ...event, action: `On AcademyOcean ${event.name.toLowerCase()}` }));

/** As `metadata.event_name` names them. */
export const CANVAS_EVENTS: INodePropertyOptions[] = [
	{ name: 'Course Completed', value: 'course_completed', description: 'A student met every module requirement of a course' },
	{ name: 'Course Created', value: 'course_created', description: 'A course was created or copied' },
	{ name: 'Course Progress', value: 'course_progress', description: 'A student met a module requirement' },
	{ name: 'Course Section Created', value: 'course_section_created', description: 'A section was added to a course' },
	{ name: 'Course Section Updated', value: 'course_section_updated', description: 'A section of a course was changed' },
	{ name: 'Course Updated', value: 'course_updated', description: 'A course was renamed, deleted or otherwise changed' },
].map((event) => ({ ...event, action: `On Canvas ${event.name.toLowerCase()}` }));

export function isSelected(selected: string[], event: string): boolean {
	return selected.length === 0 || selected.includes(ALL_EVENTS) || selected.includes(event);
}

const SOURCE_EVENTS: Record<string, INodePropertyOptions[]> = { academyOcean: ACADEMY_OCEAN_EVENTS, canvas: CANVAS_EVENTS };

const ALL_EVENTS_OPTION: Record<string, string> = {
	academyOcean: 'Every AcademyOcean event the webhook sends',
	canvas: 'Every Live Event the Canvas subscription sends',
};

/** The Events a Source sends, "All Events" first, as the Events field lists them for that Source. */
export function eventOptionsOf(source: string): INodePropertyOptions[] {
	const events = (SOURCE_EVENTS[source] ?? []).map(({ name, value, description }) => ({ name, value, description }));
	return events.length ? [{ name: 'All Events', value: ALL_EVENTS, description: ALL_EVENTS_OPTION[source] }, ...events] : [];
}

/** loadOptions of version 2's Events: the chosen Source's events (the field reloads them when Source changes). */
export async function sourceEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return eventOptionsOf(String(this.getCurrentNodeParameter('source') ?? 'academyOcean'));
}

/** The chosen events of the node's version: version 1 keeps one list per source, version 2 one list. */
export function selectedEvents(context: { getNode(): { typeVersion: number }; getNodeParameter(name: string, fallback: unknown): unknown }, source: string): string[] {
	const name = context.getNode().typeVersion < 2 ? (source === 'canvas' ? 'canvasEvents' : 'academyOceanEvents') : 'operation';
	const value = context.getNodeParameter(name, [ALL_EVENTS]);
	return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Chosen events that the source never sends. Version 2 keeps the chosen events when the builder
 * switches Source (and back), so a node can hold the other source's events: activation names them.
 */
export function eventsOfOtherSource(selected: string[], source: string): string[] {
	const known = new Set((SOURCE_EVENTS[source] ?? []).map((event) => String(event.value)));
	return selected.filter((event) => event !== ALL_EVENTS && !known.has(event));
}
