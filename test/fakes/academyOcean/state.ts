/**
 * The in-memory academy behind the fake: plain records that the actions read and change.
 * Dates are atom strings in UTC (`2026-01-10T09:00:00+00:00`), as the API returns them.
 */

/** A learner's progress in one course. */
export interface CourseProgressRecord {
	started_at: string;
	/** Set once every content is passed. */
	completed_at: string | null;
	/** How many of the course's contents, in order, the learner has passed. */
	passed: number;
	/** Seconds spent in the course. */
	view_seconds: number;
	/** Score for the course, 0–100. */
	score: number;
}

/** Where a learner stopped in a course and left. */
export interface ChurnRecord {
	content_id: string;
	at: string;
	spent_seconds: number;
}

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
	/** Access revoked (revokeLearnersAccess): hidden from every list, no login links. */
	blocked: boolean;
	/** Team ids. */
	teams: string[];
	/** Lesson variable values by key. */
	variables: Record<string, string>;
	/** courseId → progress; a course the learner never opened has no entry. */
	courses: Record<string, CourseProgressRecord>;
	/** courseId → where the learner churned. */
	churnedAt: Record<string, ChurnRecord>;
}

export interface ContentRecord {
	id: string;
	slug: string;
	name: string;
	type: 'lesson' | 'quiz';
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
	/** Estimated time to finish the course, in seconds. */
	duration_seconds: number;
	contents: ContentRecord[];
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
	created_at: string;
	/** Whether an invitation email was sent (is_send_email). */
	email_sent: boolean;
	used_at: string | null;
	/** Variables set before the invite was used; the learner gets them on sign-up. */
	variables: Record<string, string>;
}

export interface QuizQuestionRecord {
	id: string;
	name: string;
	type: 'radio' | 'checkbox' | 'text';
	answers: Array<{ answer: string; is_right: boolean }>;
}

/** A learner's best attempt at a quiz. */
export interface QuizAttemptRecord {
	score: number;
	spent_time_seconds: number;
	passed_at: string;
	/** questionId → indexes of the selected answers, and seconds spent on the question. */
	answers: Record<string, { selected: number[]; seconds: number }>;
}

export interface QuizRecord {
	/** Also the quiz's content id in its course. */
	id: string;
	course_id: string;
	name: string;
	passing_score: number;
	timer_minutes: number | null;
	is_manual_approve_on: boolean;
	questions: QuizQuestionRecord[];
	/** email → the learner's best attempt. */
	results: Record<string, QuizAttemptRecord>;
	/** email → attempts granted on top of the quiz's limit (addLearnerQuizAttempts). */
	extra_attempts: Record<string, number>;
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
	/** 0 String, 1 Paragraph, 2 Number, 3 HTML, 4 Markdown String. */
	type: number;
	default_value: string | null;
}

export interface CertificateRecord {
	email: string;
	courseId: string;
	issued_date: string;
}

/** A one-off login link (createLoginToken); using it signs the learner in, or up. */
export interface LoginLinkRecord {
	token: string;
	link: string;
	academy_id: string;
	email: string;
	name: string;
	/** Where the link leads after login, e.g. `/course/onboarding/quiz/final-quiz`. */
	redirect: string;
	teams: string[];
	created_at: string;
	used_at: string | null;
}

export interface AcademyState {
	academies: AcademyRecord[];
	learners: LearnerRecord[];
	/** Learners deleted without is_permanently_delete: gone from the API, kept here. */
	deletedLearners: LearnerRecord[];
	courses: CourseRecord[];
	teams: TeamRecord[];
	invites: InviteRecord[];
	quizzes: QuizRecord[];
	variables: Record<string, VariableDefinition>;
	certificates: CertificateRecord[];
	loginLinks: LoginLinkRecord[];
}

/** A learner with everything not given set as for someone who just registered in Los Angeles. */
export function learner(overrides: Partial<LearnerRecord> & { email: string; name: string }): LearnerRecord {
	const registeredAt = overrides.registered_at ?? '2026-01-10T09:00:00+00:00';
	return {
		id: `L-${overrides.email}`,
		registered_at: registeredAt,
		score: 0,
		lessons_opened: 0,
		lessons_completed: 0,
		courses_completed: 0,
		spent_time_in_academy: 0,
		certificates_amount: 0,
		company: null,
		country: 'United States',
		country_iso_code: 'US',
		city: 'Los Angeles',
		os: 'OS X',
		device: 'Macintosh',
		browser: 'Chrome',
		last_login_at: registeredAt,
		log_ins_amount: 1,
		blocked: false,
		teams: [],
		variables: {},
		courses: {},
		churnedAt: {},
		...overrides,
	};
}

/** An empty academy state around the given academies, for tests that build their own data. */
export function emptyAcademy(academies: AcademyRecord[]): AcademyState {
	return {
		academies,
		learners: [],
		deletedLearners: [],
		courses: [],
		teams: [],
		invites: [],
		quizzes: [],
		variables: {},
		certificates: [],
		loginLinks: [],
	};
}
