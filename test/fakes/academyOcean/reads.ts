import type { PhpArray, PhpValue } from '../phpFormParser.ts';
import { phpBool, phpList } from '../phpFormParser.ts';
import { ApiFailure } from './failure.ts';
import type { AcademyState, LearnerRecord } from './state.ts';
import { courseView, learnerView, teamsOf } from './views.ts';

type Options = PhpArray;

const OPERATORS: Record<string, (left: number, right: number) => boolean> = {
	'=': (left, right) => left === right,
	'>': (left, right) => left > right,
	'<': (left, right) => left < right,
	'>=': (left, right) => left >= right,
	'<=': (left, right) => left <= right,
	'<>': (left, right) => left !== right,
};

export function text(options: Options, key: string): string | undefined {
	const value = options[key];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function required(options: Options, key: string, label: string): string {
	const value = text(options, key);
	if (value === undefined) throw new ApiFailure(`${label} is required`);
	return value;
}

function operatorOf(options: Options): (left: number, right: number) => boolean {
	const operator = text(options, 'operator') ?? '=';
	const compare = OPERATORS[operator];
	if (!compare) throw new ApiFailure(`Operator must be one of ${Object.keys(OPERATORS).join(' ')}`);
	return compare;
}

export function activeLearners(state: AcademyState): LearnerRecord[] {
	return state.learners.filter((learner) => !learner.blocked);
}

export function findLearner(state: AcademyState, email: string): LearnerRecord | undefined {
	return state.learners.find((learner) => learner.email.toLowerCase() === email.toLowerCase());
}

function withExtras(state: AcademyState, learner: LearnerRecord, options: Options) {
	const view: Record<string, unknown> = learnerView(learner);
	if (phpBool(options.with_academy)) view.academy = { id: state.academies[0].id, name: state.academies[0].name };
	if (phpBool(options.with_teams)) view.teams = teamsOf(state, learner);
	return view;
}

/** Seconds since the epoch of a `Y-m-d` or `Y-m-d H:i:s` filter value, in UTC. */
function filterTime(value: string, label: string): number {
	const match = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}))?$/.exec(value);
	const time = match ? Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}Z`) : NaN;
	if (Number.isNaN(time)) throw new ApiFailure(`${label} must be a date like 2017-09-24 or 2017-09-24 00:00:00`);
	return time;
}

function courseByIdOrSlug(state: AcademyState, value: string) {
	const course = state.courses.find((candidate) => candidate.id === value || candidate.slug === value);
	if (!course) throw new ApiFailure('Course not found', 404);
	return course;
}

export const readActions: Record<string, (state: AcademyState, options: Options) => unknown> = {
	learners(state, options) {
		const email = text(options, 'email');
		return activeLearners(state)
			.filter((learner) => !email || learner.email.toLowerCase() === email.toLowerCase())
			.map((learner) => withExtras(state, learner, options));
	},

	courses: (state) => state.courses.map(courseView),

	certificates(state, options) {
		const email = required(options, 'email', 'Email');
		return state.certificates
			.filter((certificate) => certificate.email.toLowerCase() === email.toLowerCase())
			.map((certificate) => {
				const course = state.courses.find((candidate) => candidate.id === certificate.courseId);
				const file = `${certificate.courseId}-${encodeURIComponent(certificate.email)}`;
				return {
					issued_date: certificate.issued_date,
					course_name: course?.name ?? '',
					url_to_pdf: `https://app.academyocean.com/public/certificates/${file}.pdf`,
					url_to_image: `https://app.academyocean.com/public/certificates/${file}.jpg`,
				};
			});
	},

	learnersProgressByCourse(state, options) {
		const idOrSlug = text(options, 'course_id') ?? text(options, 'course_slug');
		if (!idOrSlug) throw new ApiFailure('Course id or course slug is required');
		const course = courseByIdOrSlug(state, idOrSlug);
		const page = Math.max(1, Number(text(options, 'page') ?? 1));
		const amount = Math.max(1, Number(text(options, 'amount') ?? 10));
		const showNotStarted = phpBool(options.show_not_started_learners);
		const rows = activeLearners(state)
			.filter((learner) => showNotStarted || course.id in learner.courses)
			.map((learner) => {
				const [first_name, ...rest] = learner.name.split(' ');
				const started = course.id in learner.courses;
				const completedAt = learner.courses[course.id];
				return {
					email: learner.email,
					full_name: learner.name,
					first_name,
					last_name: rest.join(' '),
					startDate: started ? '01/15/2026' : null,
					startTime: started ? '7:41 AM' : null,
					completionDate: completedAt ? '02/01/2026' : null,
					completionTime: completedAt ? '7:51 AM' : null,
					status: completedAt ? 'Completed' : started ? 'In progress' : 'Not started',
					duration: '00:10:50',
					viewTime: started ? '00:10:55' : '00:00:00',
					totalAmount: course.contents.length,
					passedAmount: String(completedAt ? course.contents.length : started ? 1 : 0),
					courseScore: completedAt ? 100 : 0,
					teams: teamsOf(state, learner).map((team) => team.name).concat(learner.teams.length ? [] : ['No Team']),
				};
			});
		return [{ learners: rows.slice((page - 1) * amount, page * amount) }];
	},

	courseProgress(state, options) {
		const email = required(options, 'email', 'Email');
		const learner = findLearner(state, email);
		if (!learner) throw new ApiFailure('Learner not found', 404);
		return state.courses
			.filter((course) => phpBool(options.course_type) || course.id in learner.courses)
			.map((course) => {
				const completedAt = learner.courses[course.id] ?? null;
				const started = course.id in learner.courses;
				const passed = completedAt ? course.contents.length : started ? 1 : 0;
				return {
					course_id: course.id,
					course_name: course.name,
					course_description: course.description,
					course_img: course.img,
					course_open_url: course.course_open_url,
					start_date: started ? '2026-01-15T07:41:00+00:00' : null,
					finish_date: completedAt,
					lessons_amount: course.contents.length,
					progress_amount: passed,
					progress: Math.round((passed / course.contents.length) * 1000) / 10,
					content_progress: course.contents.map((content, index) => ({
						id: content.id,
						type: content.type,
						name: content.name,
						is_passed: index < passed,
						started_at: index < passed ? '2026-01-15T07:41:00+00:00' : null,
						passed_at: index < passed ? '2026-01-15T07:45:00+00:00' : null,
						pass_time_sec: index < passed ? 60 : null,
					})),
					...(phpBool(options.with_academy) ? { academy: { id: state.academies[0].id, name: state.academies[0].name } } : {}),
					...(phpBool(options.with_teams) ? { teams: teamsOf(state, learner) } : {}),
				};
			});
	},

	learnersAmountFromCountries(state, options) {
		const filter = text(options, 'country_iso_code')?.toUpperCase();
		const counts = new Map<string, { country_iso_code: string; country: string; amount: number }>();
		for (const learner of activeLearners(state)) {
			if (filter && learner.country_iso_code !== filter) continue;
			const entry = counts.get(learner.country_iso_code) ?? {
				country_iso_code: learner.country_iso_code,
				country: learner.country,
				amount: 0,
			};
			entry.amount += 1;
			counts.set(learner.country_iso_code, entry);
		}
		return [...counts.values()];
	},

	learnersFromCountry(state, options) {
		const code = required(options, 'country_iso_code', 'Country iso code').toUpperCase();
		const learners = activeLearners(state).filter((learner) => learner.country_iso_code === code);
		return {
			country_iso_code: code,
			country: learners[0]?.country ?? null,
			amount: learners.length,
			learners: learners.map(learnerView),
		};
	},

	learnersWithScore(state, options) {
		const score = Number(required(options, 'score', 'Score'));
		if (!Number.isFinite(score)) throw new ApiFailure('Score must be a number');
		const compare = operatorOf(options);
		return activeLearners(state)
			.filter((learner) => compare(learner.score, score))
			.map(learnerView);
	},

	learnersRegisteredAt(state, options) {
		const dates = phpList(options.dates);
		if (dates.length) {
			if (dates.length !== 2 || dates.some((value) => typeof value !== 'string')) {
				throw new ApiFailure('Dates must contain two dates');
			}
			const from = filterTime(dates[0] as string, 'Dates');
			const to = filterTime(dates[1] as string, 'Dates');
			if (from >= to) throw new ApiFailure('First date must be less than second');
			return activeLearners(state)
				.filter((learner) => {
					const registered = Date.parse(learner.registered_at);
					return registered >= from && registered <= to;
				})
				.map(learnerView);
		}
		const day = filterTime(required(options, 'date', 'Date'), 'Date');
		const compare = operatorOf(options);
		return activeLearners(state)
			.filter((learner) => {
				const registered = Date.parse(learner.registered_at);
				return compare(registered - (registered % 86_400_000), day);
			})
			.map(learnerView);
	},

	learnersCourseComplete(state, options) {
		const course = courseByIdOrSlug(state, required(options, 'course_id', 'Course id'));
		return activeLearners(state)
			.filter((learner) => learner.courses[course.id])
			.map((learner) => ({
				date_of_passing: learner.courses[course.id],
				name: learner.name,
				score: learner.score,
				courses_completed: learner.courses_completed,
				spent_time_in_academy: learner.spent_time_in_academy,
				certificates_amount: learner.certificates_amount,
				company: learner.company,
			}));
	},

	passiveLearners: (state) =>
		activeLearners(state)
			.filter((learner) => learner.lessons_opened === 0)
			.map((learner) => ({
				registered_at: learner.registered_at,
				name: learner.name,
				email: learner.email,
				company: learner.company,
			})),

	checkLearnerInvite(state, options) {
		const emails = phpList(options.emails).map(String);
		if (!emails.length) throw new ApiFailure('Emails are required');
		const result: Record<string, unknown> = {};
		for (const email of emails) {
			const invite = state.invites.find((candidate) => candidate.email.toLowerCase() === email.toLowerCase());
			result[email] = {
				is_found: Boolean(invite),
				is_used: invite ? invite.used_at !== null : null,
				used_at: invite?.used_at ?? null,
			};
		}
		return result;
	},

	learnersChurnAtContent(state, options) {
		const course = courseByIdOrSlug(state, required(options, 'course_id', 'Course id'));
		const contentKey = required(options, 'content_id', 'Content id');
		const content = course.contents.find((candidate) => candidate.id === contentKey || candidate.slug === contentKey);
		if (!content) throw new ApiFailure('Content not found', 404);
		return activeLearners(state)
			.filter((learner) => learner.churnedAt[course.id] === content.id)
			.map((learner) => ({
				churn_date: learner.last_login_at,
				email: learner.email,
				name: learner.name,
				spent_time_in_academy: learner.spent_time_in_academy,
				spent_time_in_content: 123,
				registered_at: learner.registered_at,
			}));
	},

	learnersRepeatedLogIns: (state) =>
		activeLearners(state)
			.filter((learner) => learner.log_ins_amount > 1)
			.map((learner) => ({ ...learnerView(learner), log_ins_amount: learner.log_ins_amount })),

	academies: (state) =>
		state.academies.map((academy) => ({
			...academy,
			learners_amount: state.learners.length,
			content_amount: state.courses.length,
		})),

	getLearnerVariable(state, options) {
		const records = options.records;
		if (!records || typeof records !== 'object') throw new ApiFailure('Records are required');
		const result: Record<string, Record<string, string>> = {};
		for (const [email, names] of Object.entries(records as PhpArray)) {
			const learner = findLearner(state, email);
			const values: Record<string, string> = {};
			for (const name of phpList(names as PhpValue).map(String)) {
				if (learner && name in learner.variables) values[name] = learner.variables[name];
			}
			result[email] = values;
		}
		return result;
	},

	getTeams(state, options) {
		const withCourses = text(options, 'records') === 'course';
		return state.teams.map((team) => ({
			id: team.id,
			name: team.name,
			...(withCourses
				? {
						courses: team.courseIds.map((courseId) => ({
							id: courseId,
							name: state.courses.find((course) => course.id === courseId)?.name ?? '',
						})),
					}
				: {}),
		}));
	},

	getLearnersQuizStatistic(state, options) {
		const records = options.records;
		if (!records || typeof records !== 'object') throw new ApiFailure('Records are required');
		const result: Record<string, Record<string, unknown>> = {};
		for (const [email, quizIds] of Object.entries(records as PhpArray)) {
			const byQuiz: Record<string, unknown> = {};
			for (const quizId of phpList(quizIds as PhpValue).map(String)) {
				const quiz = state.quizzes.find((candidate) => candidate.id === quizId);
				const attempt = quiz?.results[email];
				if (!quiz || !attempt) continue;
				byQuiz[quizId] = {
					name: quiz.name,
					score: attempt.score,
					passing_score: quiz.passing_score,
					is_passed: attempt.score >= quiz.passing_score,
					spent_time: new Date(attempt.spent_time_seconds * 1000).toISOString().slice(11, 19),
					spent_time_seconds: attempt.spent_time_seconds,
					pass_date: '02/01/2026',
					pass_time: '09:55 AM',
					is_timer_on: false,
					is_expired: false,
					is_manual_approve_on: false,
					globalComment: null,
					pass_percent: Math.round((attempt.score / Math.max(quiz.passing_score, 1)) * 100),
					questions: [],
				};
			}
			result[email] = byQuiz;
		}
		return result;
	},
};
