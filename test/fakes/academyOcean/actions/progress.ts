import { invalid, notFound } from '../errors.ts';
import { hms, later, usDate, usTime } from '../format.ts';
import { activeLearners, findCourse, findLearner } from '../lookup.ts';
import type { AcademyState, CourseProgressRecord, CourseRecord, LearnerRecord } from '../state.ts';
import { membership, splitName } from '../views.ts';
import type { ActionHandler } from './context.ts';

/** Names of the learner's teams that give access to the course, or the reference's "No Team". */
function courseTeams(state: AcademyState, learner: LearnerRecord, course: CourseRecord): string[] {
	const names = state.teams
		.filter((team) => learner.teams.includes(team.id) && team.courseIds.includes(course.id))
		.map((team) => team.name);
	return names.length ? names : ['No Team'];
}

function progressRow(state: AcademyState, learner: LearnerRecord, course: CourseRecord) {
	const progress = learner.courses[course.id];
	const completedAt = progress?.completed_at ?? null;
	return {
		email: learner.email,
		full_name: learner.name,
		...splitName(learner.name),
		startDate: progress ? usDate(progress.started_at) : null,
		startTime: progress ? usTime(progress.started_at) : null,
		completionDate: completedAt ? usDate(completedAt) : null,
		completionTime: completedAt ? usTime(completedAt) : null,
		status: completedAt ? 'Completed' : progress ? 'In progress' : 'Not started',
		duration: hms(course.duration_seconds),
		viewTime: hms(progress?.view_seconds ?? 0),
		totalAmount: course.contents.length,
		passedAmount: String(progress?.passed ?? 0),
		courseScore: progress?.score ?? 0,
		teams: courseTeams(state, learner, course),
	};
}

/**
 * Content by content, in order: passed ones with their times, the next one opened (if the learner
 * is still in the course), the rest untouched. Quizzes add their settings and the learner's score.
 */
function contentProgress(state: AcademyState, learner: LearnerRecord, course: CourseRecord, progress: CourseProgressRecord | undefined) {
	const perContent = progress ? Math.max(1, Math.floor(progress.view_seconds / Math.max(progress.passed, 1))) : 0;
	return course.contents.map((content, index) => {
		const passed = progress !== undefined && index < progress.passed;
		const opened = progress !== undefined && index <= progress.passed && !progress.completed_at;
		const startedAt = progress && (passed || opened) ? later(progress.started_at, index * perContent) : null;
		const row: Record<string, unknown> = {
			id: content.id,
			type: content.type,
			name: content.name,
			is_passed: passed,
			started_at: startedAt,
			passed_at: passed && startedAt ? later(startedAt, perContent) : null,
			pass_time_sec: passed ? perContent : null,
		};
		if (content.type === 'quiz') {
			const quiz = state.quizzes.find((candidate) => candidate.id === content.id);
			row.score = quiz?.results[learner.email.toLowerCase()]?.score ?? null;
			row.passing_score = quiz?.passing_score ?? 0;
			row.is_need_manual_approve = quiz?.is_manual_approve_on ?? false;
			row.is_timer_on = (quiz?.timer_minutes ?? null) !== null;
			row.timer_minutes = quiz?.timer_minutes ?? null;
			row.is_timer_expired = false;
		}
		return row;
	});
}

export const progressActions: Record<string, ActionHandler> = {
	/**
	 * One page of the course's learners as `[{ learners: [...] }]`: `amount` (default 10) per `page`
	 * (from 1); a page past the end has no learners. Learners who never opened the course only
	 * with show_not_started_learners.
	 */
	learnersProgressByCourse({ state, options, leniencies }) {
		const courseId = options.text('course_id');
		const slug = options.text('course_slug');
		let course;
		if (leniencies.eitherCourseIdentifier) {
			if (courseId === undefined && slug === undefined) throw invalid('Course id or course slug is required');
			course = findCourse(state, (courseId ?? slug) as string);
		} else {
			// The reference marks both required: each must be given, and name the same course.
			if (courseId === undefined) throw invalid('Course id is required');
			if (slug === undefined) throw invalid('Course slug is required');
			course = state.courses.find((candidate) => candidate.id === courseId);
			if (!course) throw notFound('Course not found');
			if (course.slug !== slug) throw invalid('Course id and course slug name different courses');
		}
		const page = options.integer('page', 'Page', { min: 1 }, 1) as number;
		const amount = options.integer('amount', 'Amount', { min: 1 }, 10) as number;
		const showNotStarted = options.flag('show_not_started_learners');
		const learners = activeLearners(state).filter((learner) => showNotStarted || learner.courses[course.id] !== undefined);
		const rows = learners.slice((page - 1) * amount, page * amount).map((learner) => progressRow(state, learner, course));
		return [{ learners: rows }];
	},

	/** A learner's courses (all courses with course_type), each with its content progress. */
	courseProgress({ state, options }) {
		const learner = findLearner(state, options.required('email', 'Email'));
		if (!learner || learner.blocked) throw notFound('Learner not found');
		const allCourses = options.flag('course_type');
		return state.courses
			.filter((course) => allCourses || learner.courses[course.id] !== undefined)
			.map((course) => {
				const progress = learner.courses[course.id];
				const passed = progress?.passed ?? 0;
				return {
					course_id: course.id,
					course_name: course.name,
					course_description: course.description,
					course_img: course.img,
					course_open_url: course.course_open_url,
					start_date: progress?.started_at ?? null,
					finish_date: progress?.completed_at ?? null,
					lessons_amount: course.contents.length,
					progress_amount: passed,
					progress: Math.round((passed / Math.max(course.contents.length, 1)) * 1000) / 10,
					content_progress: contentProgress(state, learner, course, progress),
					...membership(state, learner, options),
				};
			});
	},
};
