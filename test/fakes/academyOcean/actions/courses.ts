import { createHash } from 'node:crypto';

import { invalid } from '../errors.ts';
import { activeLearners, findContent, findCourse } from '../lookup.ts';
import { isEmail } from '../options.ts';
import { courseView } from '../views.ts';
import type { ActionHandler } from './context.ts';

export const courseActions: Record<string, ActionHandler> = {
	courses: ({ state }) => state.courses.map(courseView),

	/** A learner's certificates; an email without any (or without a learner) gets []. */
	certificates({ state, options }) {
		const email = options.required('email', 'Email');
		if (!isEmail(email)) throw invalid(`${email} is not a valid email`);
		return state.certificates
			.filter((certificate) => certificate.email.toLowerCase() === email.toLowerCase())
			.map((certificate) => {
				const file = createHash('sha256').update(`${certificate.courseId}/${certificate.email}`).digest('hex').slice(0, 16);
				return {
					issued_date: certificate.issued_date,
					course_name: state.courses.find((course) => course.id === certificate.courseId)?.name ?? '',
					url_to_pdf: `https://app.academyocean.com/public/certificates/${file}.pdf`,
					url_to_image: `https://app.academyocean.com/public/certificates/${file}.jpg`,
				};
			});
	},

	/** Learners who completed the course (by id, slug or course URL), with the reference's summary. */
	learnersCourseComplete({ state, options }) {
		const course = findCourse(state, options.required('course_id', 'Course id'));
		return activeLearners(state).flatMap((learner) => {
			const completedAt = learner.courses[course.id]?.completed_at;
			if (!completedAt) return [];
			return [
				{
					date_of_passing: completedAt,
					name: learner.name,
					score: learner.score,
					courses_completed: learner.courses_completed,
					spent_time_in_academy: learner.spent_time_in_academy,
					certificates_amount: learner.certificates_amount,
					company: learner.company,
				},
			];
		});
	},

	/** Learners who stopped at this content (id or slug) of the course and left. */
	learnersChurnAtContent({ state, options }) {
		const course = findCourse(state, options.required('course_id', 'Course id'));
		const content = findContent(course, options.required('content_id', 'Content id'));
		return activeLearners(state).flatMap((learner) => {
			const churn = learner.churnedAt[course.id];
			if (churn?.content_id !== content.id) return [];
			return [
				{
					churn_date: churn.at,
					email: learner.email,
					name: learner.name,
					spent_time_in_academy: learner.spent_time_in_academy,
					spent_time_in_content: churn.spent_seconds,
					registered_at: learner.registered_at,
				},
			];
		});
	},
};
