// What the trigger hands to the workflow (simplify.ts) and the settings it reads (events.ts, respond.ts, rejection.ts).
import { ALL_EVENTS, eventOptionsOf, eventsOfOtherSource, isSelected, selectedEvents } from '../../nodes/LearningPlatformTrigger/events';
import { reject } from '../../nodes/LearningPlatformTrigger/rejection';
import { runningDeliveryTimeoutMs } from '../../nodes/LearningPlatformTrigger/respond';
import { simplifyAcademyOcean, simplifyCanvas } from '../../nodes/LearningPlatformTrigger/simplify';

describe('the simplified AcademyOcean event', () => {
	test('keeps the mapped fields and drops the ones that are missing, null or empty', () => {
		const simplified = simplifyAcademyOcean({
			event: 'learner_completed_lesson',
			id: '',
			learner: { email: 'ada@example.com', full_name: null, first_name: 'Ada' },
			course: { id: 'c-1', name: '' },
			lesson: { id: 'l-1', name: 'Intro', finish_date: '2026-01-01' },
			academy: 'not an object',
		});
		expect(simplified).toStrictEqual({
			event: 'learner_completed_lesson',
			learnerEmail: 'ada@example.com',
			learnerFirstName: 'Ada',
			courseId: 'c-1',
			contentId: 'l-1',
			contentName: 'Intro',
			finishDate: '2026-01-01',
		});
	});

	test('reads a quiz as the content when there is no lesson, and the first of lists', () => {
		const simplified = simplifyAcademyOcean({ event: 'quiz_passed', quiz: { id: 'q-1', score: 90, is_passed: false }, learners: [{ email: 'a@example.com' }], courses: [{ id: 'c-2' }] });
		expect(simplified).toStrictEqual({ event: 'quiz_passed', learnerEmail: 'a@example.com', courseId: 'c-2', contentId: 'q-1', quizScore: 90, quizPassed: false });
	});

	test('reads null, arrays and scalars where objects belong as no fields', () => {
		expect(simplifyAcademyOcean({ event: 'x', learner: null, course: ['c'], lesson: 5, certificate: 'link', academy: null })).toStrictEqual({ event: 'x' });
	});
});

describe('the simplified Canvas event', () => {
	test('keeps the mapped fields, falling back from the body to the metadata', () => {
		const simplified = simplifyCanvas({
			metadata: { event_name: 'course_completed', hostname: 'school.instructure.com', user_id: '9', user_login: '' },
			body: { course_id: '42', name: 'Biology', progress: { requirement_count: 3, requirement_completed_count: 3, completed_at: null } },
		});
		expect(simplified).toStrictEqual({ event: 'course_completed', hostname: 'school.instructure.com', userId: '9', courseId: '42', courseName: 'Biology', requirementCount: 3, requirementCompletedCount: 3 });
	});
});

describe('the events a trigger listens to', () => {
	test('none chosen, or All Events, means every event; otherwise only the chosen ones', () => {
		expect(isSelected([], 'course_completed')).toBe(true);
		expect(isSelected([ALL_EVENTS], 'course_completed')).toBe(true);
		expect(isSelected(['course_created'], 'course_completed')).toBe(false);
		expect(isSelected(['course_created', 'course_completed'], 'course_completed')).toBe(true);
	});

	test("version 1 reads its source's own list, version 2 the one Events list, a single value as a list of one", () => {
		const context = (typeVersion: number, parameters: Record<string, unknown>) => ({
			getNode: () => ({ typeVersion }),
			getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
		});
		expect(selectedEvents(context(1, { canvasEvents: ['course_completed'], academyOceanEvents: ['x'] }), 'canvas')).toEqual(['course_completed']);
		expect(selectedEvents(context(1, { canvasEvents: ['course_completed'], academyOceanEvents: ['x'] }), 'academyOcean')).toEqual(['x']);
		expect(selectedEvents(context(2, { operation: 'course_completed' }), 'canvas')).toEqual(['course_completed']);
		expect(selectedEvents(context(2, {}), 'canvas')).toEqual([ALL_EVENTS]);
	});

	test("the Events field lists All Events first, then the source's own events; an unknown source lists none", () => {
		const canvas = eventOptionsOf('canvas');
		expect(canvas[0]).toEqual({ name: 'All Events', value: ALL_EVENTS, description: 'Every Live Event the Canvas subscription sends' });
		expect(canvas.map(({ value }) => value)).toContain('course_completed');
		expect(canvas.every((option) => Object.keys(option).sort().join() === 'description,name,value')).toBe(true);
		expect(eventOptionsOf('academyOcean')[0]).toEqual({ name: 'All Events', value: ALL_EVENTS, description: 'Every AcademyOcean event the webhook sends' });
		expect(eventOptionsOf('moodle')).toEqual([]);
	});

	test("chosen events that the source never sends are named; All Events never is; an unknown source knows none", () => {
		expect(eventsOfOtherSource([ALL_EVENTS, 'course_completed', eventOptionsOf('academyOcean')[1].value as string], 'canvas')).toEqual([eventOptionsOf('academyOcean')[1].value]);
		expect(eventsOfOtherSource([ALL_EVENTS, 'course_completed'], 'moodle')).toEqual(['course_completed']);
	});
});

test('the running delivery timeout is read in seconds, 300 by default or when not a number, and never under 5', () => {
	expect(runningDeliveryTimeoutMs({})).toBe(300_000);
	expect(runningDeliveryTimeoutMs({ runningDeliveryTimeout: 600 })).toBe(600_000);
	expect(runningDeliveryTimeoutMs({ runningDeliveryTimeout: 'soon' })).toBe(300_000);
	expect(runningDeliveryTimeoutMs({ runningDeliveryTimeout: 2 })).toBe(5_000);
});

test('a rejection carries a detail for the log only when there is one', () => {
	expect(reject(401, 'Invalid signature')).toStrictEqual({ rejected: { status: 401, message: 'Invalid signature' } });
	expect(reject(503, 'Signing keys are unavailable, retry later', 'timeout')).toStrictEqual({
		rejected: { status: 503, message: 'Signing keys are unavailable, retry later', detail: 'timeout' },
	});
});
