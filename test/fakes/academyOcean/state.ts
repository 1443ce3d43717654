export interface LearnerRecord {
	id: string;
	name: string;
	email: string;
	registered_at: string;
	score: number;
	lessons_opened: number;
	lessons_completed: number;
	courses_completed: number;
	spent_time_in_academy: number;
	certificates_amount: number;
	company: string | null;
	country: string;
	country_iso_code: string;
	city: string;
	os: string;
	device: string;
	browser: string;
	last_login_at: string;
	log_ins_amount: number;
	blocked: boolean;
	teams: string[];
	variables: Record<string, string>;
	quizAttempts: Record<string, number>;
	/** courseId -> completion date (ISO) or null while in progress. */
	courses: Record<string, string | null>;
	/** courseId -> contentId where the learner stopped. */
	churnedAt: Record<string, string>;
}

export interface CourseRecord {
	id: string;
	slug: string;
	name: string;
	description: string;
	img: string;
	course_open_url: string;
	is_in_group: boolean;
	is_scorm: boolean;
	is_ribbon_enabled: boolean;
	ribbon_text: string;
	contents: Array<{ id: string; slug: string; name: string; type: 'lesson' | 'quiz' }>;
}

export interface TeamRecord {
	id: string;
	name: string;
	courseIds: string[];
}

export interface InviteRecord {
	email: string;
	name: string;
	type: 'learner' | 'manager';
	teams: string[];
	used_at: string | null;
	/** Variables set before the invite was used; applied when it is. */
	variables: Record<string, string>;
}

export interface QuizRecord {
	id: string;
	name: string;
	passing_score: number;
	/** email -> the learner's best attempt. */
	results: Record<string, { score: number; spent_time_seconds: number; pass_date: string }>;
}

export interface AcademyRecord {
	id: string;
	name: string;
	slug: string;
	is_cname_enabled: boolean;
	cname_domain: string | null;
	is_private: boolean;
	is_published: boolean;
	created_at: string;
	access_request_amount: number;
}

export interface VariableDefinition {
	type: number;
	default_value: string | null;
}

export interface AcademyState {
	academies: AcademyRecord[];
	learners: LearnerRecord[];
	courses: CourseRecord[];
	teams: TeamRecord[];
	invites: InviteRecord[];
	quizzes: QuizRecord[];
	variables: Record<string, VariableDefinition>;
	certificates: Array<{ email: string; courseId: string; issued_date: string }>;
}

const COUNTRIES: Array<[string, string, string]> = [
	['US', 'United States', 'Los Angeles'],
	['DE', 'Germany', 'Berlin'],
	['UA', 'Ukraine', 'Kyiv'],
	['GB', 'United Kingdom', 'London'],
	['BR', 'Brazil', 'São Paulo'],
];

export function learner(overrides: Partial<LearnerRecord> & { email: string; name: string }): LearnerRecord {
	const [iso, country, city] = COUNTRIES[0];
	return {
		id: `L-${overrides.email}`,
		registered_at: '2026-01-10T09:00:00+00:00',
		score: 0,
		lessons_opened: 0,
		lessons_completed: 0,
		courses_completed: 0,
		spent_time_in_academy: 0,
		certificates_amount: 0,
		company: null,
		country,
		country_iso_code: iso,
		city,
		os: 'OS X',
		device: 'Macintosh',
		browser: 'Chrome',
		last_login_at: '2026-01-10T09:00:00+00:00',
		log_ins_amount: 1,
		blocked: false,
		teams: [],
		variables: {},
		quizAttempts: {},
		courses: {},
		churnedAt: {},
		...overrides,
	};
}

function course(id: string, slug: string, name: string, isInGroup = false): CourseRecord {
	return {
		id,
		slug,
		name,
		description: `${name} description`,
		img: 'https://app.academyocean.com/img/upload_img.png',
		course_open_url: `https://demo.academyocean.com/course/${slug}/open`,
		is_in_group: isInGroup,
		is_scorm: false,
		is_ribbon_enabled: false,
		ribbon_text: '',
		contents: [
			{ id: `${id}-L1`, slug: 'first-lesson', name: 'First lesson', type: 'lesson' },
			{ id: `${id}-L2`, slug: 'second-lesson', name: 'Second lesson', type: 'lesson' },
			{ id: `${id}-Q1`, slug: 'final-quiz', name: 'Final quiz', type: 'quiz' },
		],
	};
}

/** A small, realistic academy used by tests and by the `npm start` sandbox. */
export function demoAcademy(): AcademyState {
	const onboarding = course('NVpz0PmrkjrkOQW9d1Kx', 'onboarding', 'Onboarding');
	const advanced = course('zyK0bxgWEY9E4XA6JedG', 'advanced-automation', 'Advanced Automation', true);
	return {
		academies: [
			{
				id: 'az5Mnwegw1P3qN1qYwefk7',
				name: 'Demo Academy',
				slug: 'demo',
				is_cname_enabled: false,
				cname_domain: null,
				is_private: true,
				is_published: true,
				created_at: '2025-06-01T10:00:00+00:00',
				access_request_amount: 0,
			},
		],
		courses: [onboarding, advanced],
		teams: [
			{ id: 'team-sales', name: 'Sales', courseIds: [onboarding.id] },
			{ id: 'team-advanced', name: 'Advanced Cohort', courseIds: [advanced.id] },
		],
		learners: [
			learner({
				email: 'ada@example.com',
				name: 'Ada Lovelace',
				score: 100,
				lessons_opened: 6,
				lessons_completed: 6,
				courses_completed: 2,
				spent_time_in_academy: 7200,
				certificates_amount: 1,
				log_ins_amount: 5,
				teams: ['team-sales'],
				courses: { [onboarding.id]: '2026-02-01T10:00:00+00:00', [advanced.id]: '2026-02-03T10:00:00+00:00' },
				registered_at: '2026-01-05T08:00:00+00:00',
				variables: { favourite_language: 'Analytical Engine' },
			}),
			learner({
				email: 'grace@example.com',
				name: 'Grace Hopper',
				score: 50,
				lessons_opened: 3,
				lessons_completed: 3,
				courses_completed: 1,
				spent_time_in_academy: 3600,
				log_ins_amount: 3,
				country: 'Germany',
				country_iso_code: 'DE',
				city: 'Berlin',
				courses: { [onboarding.id]: '2026-02-10T10:00:00+00:00', [advanced.id]: null },
				churnedAt: { [advanced.id]: `${advanced.id}-L2` },
				registered_at: '2026-01-20T12:30:00+00:00',
			}),
			learner({
				email: 'alan@example.com',
				name: 'Alan Turing',
				score: 20,
				lessons_opened: 1,
				lessons_completed: 1,
				spent_time_in_academy: 600,
				country: 'United Kingdom',
				country_iso_code: 'GB',
				city: 'London',
				courses: { [onboarding.id]: null },
				churnedAt: { [onboarding.id]: `${onboarding.id}-L2` },
				registered_at: '2026-02-14T16:45:00+00:00',
			}),
			learner({
				email: 'katherine@example.com',
				name: 'Katherine Johnson',
				country: 'United States',
				country_iso_code: 'US',
				registered_at: '2026-03-01T07:15:00+00:00',
			}),
			learner({
				email: 'olena@example.com',
				name: 'Olena Kovalenko',
				score: 75,
				lessons_opened: 4,
				lessons_completed: 4,
				courses_completed: 1,
				spent_time_in_academy: 5400,
				log_ins_amount: 2,
				country: 'Ukraine',
				country_iso_code: 'UA',
				city: 'Kyiv',
				teams: ['team-advanced'],
				courses: { [onboarding.id]: '2026-03-05T10:00:00+00:00' },
				registered_at: '2026-03-02T10:00:00+00:00',
			}),
			learner({
				email: 'joao@example.com',
				name: 'João Silva',
				country: 'Brazil',
				country_iso_code: 'BR',
				city: 'São Paulo',
				registered_at: '2026-03-03T22:10:00+00:00',
			}),
		],
		invites: [],
		quizzes: [
			{
				id: `${onboarding.id}-Q1`,
				name: 'Final quiz',
				passing_score: 4,
				results: { 'ada@example.com': { score: 5, spent_time_seconds: 90, pass_date: '2026-02-01T09:55:00+00:00' } },
			},
		],
		variables: { favourite_language: { type: 0, default_value: null } },
		certificates: [{ email: 'ada@example.com', courseId: onboarding.id, issued_date: '2026-02-01T10:00:00+00:00' }],
	};
}

/** `count` generated learners on top of the demo academy (benchmarks use 50,000). */
export function largeAcademy(count: number): AcademyState {
	const state = demoAcademy();
	for (let index = 0; index < count; index++) {
		const [iso, country, city] = COUNTRIES[index % COUNTRIES.length];
		state.learners.push(
			learner({
				email: `learner${index}@example.com`,
				name: `Learner ${index}`,
				score: index % 101,
				lessons_opened: index % 7,
				lessons_completed: index % 5,
				spent_time_in_academy: index * 37,
				country,
				country_iso_code: iso,
				city,
				registered_at: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString().replace('.000Z', '+00:00'),
			}),
		);
	}
	return state;
}
