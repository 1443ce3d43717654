import type { AcademyState, CourseProgressRecord, CourseRecord, QuizQuestionRecord, QuizRecord } from './state.ts';
import { emptyAcademy, learner } from './state.ts';

export const DEMO_ACADEMY_ID = 'az5Mnwegw1P3qN1qYwefk7';
export const ONBOARDING_COURSE_ID = 'NVpz0PmrkjrkOQW9d1Kx';
export const ADVANCED_COURSE_ID = 'zyK0bxgWEY9E4XA6JedG';

/** A course of two lessons and a quiz; content ids are `<course id>-L1`, `-L2`, `-Q1`. */
function course(id: string, slug: string, name: string, extra: Partial<CourseRecord> = {}): CourseRecord {
	return {
		id,
		slug,
		name,
		description: `${name}: what every new member of the team needs to know.`,
		img: 'https://app.academyocean.com/img/upload_img.png',
		course_open_url: `https://demo.academyocean.com/course/${slug}/open`,
		is_in_group: false,
		is_scorm: false,
		is_ribbon_enabled: false,
		ribbon_text: '',
		duration_seconds: 1800,
		contents: [
			{ id: `${id}-L1`, slug: 'first-lesson', name: 'First lesson', type: 'lesson' },
			{ id: `${id}-L2`, slug: 'second-lesson', name: 'Second lesson', type: 'lesson' },
			{ id: `${id}-Q1`, slug: 'final-quiz', name: 'Final quiz', type: 'quiz' },
		],
		...extra,
	};
}

function progress(started_at: string, passed: number, completed_at: string | null, view_seconds: number, score: number): CourseProgressRecord {
	return { started_at, passed, completed_at, view_seconds, score };
}

/** `count` single-choice questions whose right answer is the first. */
function questions(prefix: string, count: number): QuizQuestionRecord[] {
	return Array.from({ length: count }, (_, index) => ({
		id: `${prefix}q${index + 1}`,
		name: `Question ${index + 1}`,
		type: 'radio' as const,
		answers: [
			{ answer: 'The right answer', is_right: true },
			{ answer: 'A plausible mistake', is_right: false },
		],
	}));
}

/** A best attempt that got the first `right` questions right and the others wrong. */
function attempt(quiz: Pick<QuizRecord, 'questions'>, right: number, spent_time_seconds: number, passed_at: string) {
	const answers = Object.fromEntries(
		quiz.questions.map((question, index) => [question.id, { selected: [index < right ? 0 : 1], seconds: Math.round(spent_time_seconds / quiz.questions.length) }]),
	);
	return { score: right, spent_time_seconds, passed_at, answers };
}

/**
 * A small, realistic academy used by the tests and the `npm start` sandbox: one private academy,
 * two courses (one in a group), two teams, six learners in five countries at every stage (both
 * courses finished, churned in a lesson, never started), a pending and a used invite, two quizzes
 * with answers, certificates and lesson variables.
 */
export function demoAcademy(): AcademyState {
	const onboarding = course(ONBOARDING_COURSE_ID, 'onboarding', 'Onboarding');
	const advanced = course(ADVANCED_COURSE_ID, 'advanced-automation', 'Advanced Automation', {
		is_in_group: true,
		is_ribbon_enabled: true,
		ribbon_text: 'New',
		description: 'Advanced Automation: workflows, webhooks and the API, for people who finished Onboarding.',
		duration_seconds: 3600,
	});
	const state = emptyAcademy([
		{
			id: DEMO_ACADEMY_ID,
			name: 'Demo Academy',
			slug: 'demo',
			is_cname_enabled: false,
			cname_domain: null,
			is_private: true,
			is_published: true,
			created_at: '2025-06-01T10:00:00+00:00',
			access_request_amount: 1,
		},
	]);
	state.courses.push(onboarding, advanced);
	state.teams.push(
		{ id: 'team-sales', name: 'Sales', courseIds: [onboarding.id] },
		{ id: 'team-advanced', name: 'Advanced Cohort', courseIds: [advanced.id] },
	);
	state.learners.push(
		learner({
			email: 'ada@example.com',
			name: 'Ada Lovelace',
			registered_at: '2026-01-05T08:00:00+00:00',
			score: 100,
			lessons_opened: 6,
			lessons_completed: 6,
			courses_completed: 2,
			spent_time_in_academy: 7200,
			certificates_amount: 1,
			company: 'https://analytical-engines.example.com',
			last_login_at: '2026-02-03T09:00:00+00:00',
			log_ins_amount: 5,
			teams: ['team-sales'],
			variables: { favourite_language: 'Analytical Engine' },
			courses: {
				[onboarding.id]: progress('2026-01-20T07:41:00+00:00', 3, '2026-02-01T10:00:00+00:00', 2400, 100),
				[advanced.id]: progress('2026-02-02T09:00:00+00:00', 3, '2026-02-03T10:00:00+00:00', 4800, 90),
			},
		}),
		learner({
			email: 'grace@example.com',
			name: 'Grace Hopper',
			registered_at: '2026-01-20T12:30:00+00:00',
			score: 50,
			lessons_opened: 5,
			lessons_completed: 4,
			courses_completed: 1,
			spent_time_in_academy: 3600,
			certificates_amount: 1,
			country: 'Germany',
			country_iso_code: 'DE',
			city: 'Berlin',
			os: 'Windows',
			device: 'PC',
			browser: 'Firefox',
			last_login_at: '2026-02-11T09:00:00+00:00',
			log_ins_amount: 3,
			courses: {
				[onboarding.id]: progress('2026-01-21T08:00:00+00:00', 3, '2026-02-10T10:00:00+00:00', 2000, 80),
				[advanced.id]: progress('2026-02-11T09:00:00+00:00', 1, null, 900, 0),
			},
			churnedAt: { [advanced.id]: { content_id: `${advanced.id}-L2`, at: '2026-02-11T09:30:00+00:00', spent_seconds: 420 } },
		}),
		learner({
			email: 'alan@example.com',
			name: 'Alan Turing',
			registered_at: '2026-02-14T16:45:00+00:00',
			score: 20,
			lessons_opened: 2,
			lessons_completed: 1,
			spent_time_in_academy: 600,
			country: 'United Kingdom',
			country_iso_code: 'GB',
			city: 'London',
			os: 'Linux',
			device: 'PC',
			last_login_at: '2026-02-15T10:00:00+00:00',
			courses: { [onboarding.id]: progress('2026-02-15T10:00:00+00:00', 1, null, 600, 0) },
			churnedAt: { [onboarding.id]: { content_id: `${onboarding.id}-L2`, at: '2026-02-15T10:20:00+00:00', spent_seconds: 240 } },
		}),
		learner({
			email: 'katherine@example.com',
			name: 'Katherine Johnson',
			registered_at: '2026-03-01T07:15:00+00:00',
			os: 'iOS',
			device: 'iPhone',
			browser: 'Safari',
		}),
		learner({
			email: 'olena@example.com',
			name: 'Olena Kovalenko',
			registered_at: '2026-03-02T10:00:00+00:00',
			score: 75,
			lessons_opened: 4,
			lessons_completed: 4,
			courses_completed: 1,
			spent_time_in_academy: 5400,
			certificates_amount: 1,
			company: 'https://kyiv-robotics.example.com',
			country: 'Ukraine',
			country_iso_code: 'UA',
			city: 'Kyiv',
			last_login_at: '2026-03-05T09:00:00+00:00',
			log_ins_amount: 2,
			teams: ['team-advanced'],
			courses: { [onboarding.id]: progress('2026-03-03T08:00:00+00:00', 3, '2026-03-05T10:00:00+00:00', 3000, 100) },
		}),
		learner({
			email: 'joao@example.com',
			name: 'João Silva',
			registered_at: '2026-03-03T22:10:00+00:00',
			country: 'Brazil',
			country_iso_code: 'BR',
			city: 'São Paulo',
			os: 'Android',
			device: 'Pixel',
		}),
	);
	state.invites.push(
		{
			email: 'olena@example.com',
			name: 'Olena Kovalenko',
			type: 'learner',
			teams: ['team-advanced'],
			created_at: '2026-03-01T12:00:00+00:00',
			email_sent: true,
			used_at: '2026-03-02T10:00:00+00:00',
			variables: {},
		},
		{
			email: 'pending@example.com',
			name: 'Pat Pending',
			type: 'manager',
			teams: ['team-sales'],
			created_at: '2026-03-04T12:00:00+00:00',
			email_sent: false,
			used_at: null,
			variables: { favourite_language: 'COBOL' },
		},
	);
	const finalQuiz: QuizRecord = {
		id: `${onboarding.id}-Q1`,
		course_id: onboarding.id,
		name: 'Final quiz',
		passing_score: 4,
		timer_minutes: null,
		is_manual_approve_on: false,
		questions: questions('fq', 5),
		results: {},
		extra_attempts: {},
	};
	finalQuiz.results = {
		'ada@example.com': attempt(finalQuiz, 5, 90, '2026-02-01T09:55:00+00:00'),
		'grace@example.com': attempt(finalQuiz, 4, 150, '2026-02-10T09:40:00+00:00'),
		'olena@example.com': attempt(finalQuiz, 5, 75, '2026-03-05T09:50:00+00:00'),
	};
	const automationQuiz: QuizRecord = {
		id: `${advanced.id}-Q1`,
		course_id: advanced.id,
		name: 'Final quiz',
		passing_score: 3,
		timer_minutes: 10,
		is_manual_approve_on: true,
		questions: questions('aq', 4),
		results: {},
		extra_attempts: {},
	};
	automationQuiz.results = { 'ada@example.com': attempt(automationQuiz, 3, 420, '2026-02-03T09:50:00+00:00') };
	state.quizzes.push(finalQuiz, automationQuiz);
	state.variables = {
		favourite_language: { type: 0, default_value: null },
		onboarding_buddy: { type: 0, default_value: 'Ada Lovelace' },
		seats: { type: 2, default_value: '1' },
	};
	state.certificates.push(
		{ email: 'ada@example.com', courseId: onboarding.id, issued_date: '2026-02-01T10:00:00+00:00' },
		{ email: 'grace@example.com', courseId: onboarding.id, issued_date: '2026-02-10T10:00:00+00:00' },
		{ email: 'olena@example.com', courseId: onboarding.id, issued_date: '2026-03-05T10:00:00+00:00' },
	);
	return state;
}

const COUNTRIES: Array<[string, string, string]> = [
	['US', 'United States', 'Los Angeles'],
	['DE', 'Germany', 'Berlin'],
	['UA', 'Ukraine', 'Kyiv'],
	['GB', 'United Kingdom', 'London'],
	['BR', 'Brazil', 'São Paulo'],
	['IN', 'India', 'Bengaluru'],
	['JP', 'Japan', 'Tokyo'],
];

/**
 * The demo academy plus `count` generated learners `learner<i>@example.com` (benchmarks use
 * 50,000): registered a minute apart from 2025-01-01, spread over seven countries and every score;
 * every third one has started Onboarding and every sixth finished it.
 */
export function largeAcademy(count: number): AcademyState {
	const state = demoAcademy();
	const start = Date.UTC(2025, 0, 1);
	for (let index = 0; index < count; index++) {
		const [country_iso_code, country, city] = COUNTRIES[index % COUNTRIES.length];
		const registered = new Date(start + index * 60_000).toISOString().replace('.000Z', '+00:00');
		const started = index % 3 === 0;
		const finished = index % 6 === 0;
		state.learners.push(
			learner({
				email: `learner${index}@example.com`,
				name: `Learner ${index}`,
				registered_at: registered,
				score: index % 101,
				lessons_opened: started ? 1 + (index % 3) : 0,
				lessons_completed: finished ? 3 : 0,
				courses_completed: finished ? 1 : 0,
				spent_time_in_academy: started ? index % 10_000 : 0,
				country,
				country_iso_code,
				city,
				log_ins_amount: 1 + (index % 4),
				courses: started
					? { [ONBOARDING_COURSE_ID]: progress(registered, finished ? 3 : 1, finished ? registered : null, 600, finished ? 100 : 0) }
					: {},
			}),
		);
	}
	return state;
}
