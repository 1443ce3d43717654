// Demo deliveries shaped like the platforms' documented examples, with the sandbox's ids.
import { randomUUID } from 'node:crypto';
import { CANVAS_COURSE_SIS_ID, CANVAS_DEMO_HOST, CANVAS_USER_SIS_ID, DEMO_LEARNER_EMAIL, ONBOARDING_COURSE_ID } from './constants.ts';

/** AcademyOcean `course.finished` (the reference's example, with the event name it really sends). */
export function academyOceanCourseFinished(finishedAt = new Date()): Record<string, unknown> {
	const finish = finishedAt.toISOString().replace(/\.\d{3}Z$/, '+00:00');
	return {
		id: randomUUID(),
		event: 'course.finished',
		academy: { id: 'az5Mnwegw1P3qN1qYwefk7', name: 'Demo Academy' },
		course: { id: ONBOARDING_COURSE_ID, name: 'Onboarding', is_in_folder: false, folder_name: '', folder_id: '', folder_category: '' },
		lesson: { id: `${ONBOARDING_COURSE_ID}-L2`, name: 'Second lesson', start_date: finish, finish_date: finish },
		learner: { email: DEMO_LEARNER_EMAIL, full_name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace' },
	};
}

/** Canvas Live Event `course_completed`: `{ metadata, body }` as the reference shows it. */
export function canvasCourseCompleted(completedAt = new Date()): Record<string, unknown> {
	const at = completedAt.toISOString();
	return {
		metadata: {
			event_name: 'course_completed',
			event_time: at,
			hostname: CANVAS_DEMO_HOST,
			producer: 'canvas',
			root_account_uuid: 'VicYj3cu5BIFpoZhDVU4DZumnlBrWi1grgJEzADs',
			user_id: '21070000000000123',
			user_login: 'inewton@example.com',
			user_sis_id: CANVAS_USER_SIS_ID,
			context_type: 'Course',
			context_id: '21070000000000565',
			context_sis_source_id: CANVAS_COURSE_SIS_ID,
		},
		body: {
			course: { account_id: '79', id: '565', name: 'Computer Science I', sis_source_id: CANVAS_COURSE_SIS_ID },
			progress: {
				completed_at: at,
				next_requirement_url: null,
				requirement_completed_count: 6,
				requirement_count: 6,
			},
			user: { email: 'inewton@example.com', id: '123', name: 'Isaac Newton' },
		},
	};
}
