import { jwtVerify } from 'jose';

import { FakeServer, bearerToken } from './fakeServer.ts';
import type { FakeResponse, RecordedRequest } from './fakeServer.ts';
import { isIso8601 } from './iso8601.ts';

export const COURSE_ACTIVITY_PATH = '/incoming/v2/courseExternalActivity';
export const LEARNING_PATH_ACTIVITY_PATH = '/incoming/v2/learningPathExternalActivity';

/** The body parameters each endpoint's reference lists; anything else is refused. */
const COURSE_ATTRIBUTES = ['courseId', 'courseSku', 'userId', 'userEmail', 'completionDate', 'awards', 'certificateUrl', 'transcriptFields'];
const LEARNING_PATH_ATTRIBUTES = ['userId', 'learningPathId', 'status', 'completionDate', 'timeStampDate'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LEARNING_PATH_STATUSES = ['not-started', 'completed', 'started', 'not-completed'];

export interface ThoughtIndustriesState {
	apiKey: string;
	/** Secret the `jwt` query parameter is signed with (the API key unless set otherwise). */
	jwtSecret?: string;
	courses: Array<{ id: string; sku: string }>;
	users: Array<{ id: string; email: string }>;
	learningPaths: string[];
}

export interface RecordedActivity {
	kind: 'course' | 'learningPath';
	attributes: Record<string, unknown>;
	via: 'body' | 'jwt';
}

/**
 * Thought Industries' external-activity endpoints as the reference documents them: bearer API key,
 * 200 with an empty body on success, 400 `{ errors: [...] }` with the documented messages. Only the
 * two documented endpoints exist (no "ping"), only the listed body parameters are taken, with their
 * documented types: `courseId` a UUID, dates ISO 8601 (iso8601.ts), `awards` and `transcriptFields`
 * arrays of entries (objects of scalar values: the reference does not name the entries' fields),
 * `certificateUrl` a string. Messages the reference does not list are marked "(fake)" below; a bad key
 * gets 401 `{ errors: ["Unauthorized"] }` (the reference documents no 401 body).
 */
export class FakeThoughtIndustries {
	readonly server = new FakeServer();
	readonly activities: RecordedActivity[] = [];

	readonly state: ThoughtIndustriesState;

	constructor(state: ThoughtIndustriesState) {
		this.state = state;
		this.server
			.route('POST', COURSE_ACTIVITY_PATH, (request) => this.record(request, 'course'))
			.route('POST', LEARNING_PATH_ACTIVITY_PATH, (request) => this.record(request, 'learningPath'));
	}

	async start(port = 0): Promise<this> {
		await this.server.start(port);
		return this;
	}

	stop(): Promise<void> {
		return this.server.stop();
	}

	get url(): string {
		return this.server.url;
	}

	private authorized(request: RecordedRequest): FakeResponse | undefined {
		if (bearerToken(request) === this.state.apiKey) return undefined;
		return { status: 401, body: { errors: ['Unauthorized'] } };
	}

	private async attributesOf(
		request: RecordedRequest,
	): Promise<{ attributes: Record<string, unknown>; via: 'body' | 'jwt' } | FakeResponse> {
		const token = request.query.get('jwt');
		if (token !== null) {
			try {
				const secret = new TextEncoder().encode(this.state.jwtSecret ?? this.state.apiKey);
				const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
				return { attributes: payload as Record<string, unknown>, via: 'jwt' };
			} catch {
				return { status: 400, body: { errors: ['invalid jwt'] } };
			}
		}
		if (request.body.trim() === '') return { attributes: {}, via: 'body' };
		if (!String(request.headers['content-type'] ?? '').includes('application/json')) {
			return { status: 400, body: { errors: ['Content-Type must be application/json'] } };
		}
		try {
			const parsed = JSON.parse(request.body) as unknown;
			if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
			return { attributes: parsed as Record<string, unknown>, via: 'body' };
		} catch {
			return { status: 400, body: { errors: ['invalid JSON body'] } };
		}
	}

	private async record(request: RecordedRequest, kind: RecordedActivity['kind']): Promise<FakeResponse> {
		const unauthorized = this.authorized(request);
		if (unauthorized) return unauthorized;
		const parsed = await this.attributesOf(request);
		if ('status' in parsed) return parsed;
		const { attributes, via } = parsed;
		const errors = shapeErrors(attributes, kind === 'course' ? COURSE_ATTRIBUTES : LEARNING_PATH_ATTRIBUTES);
		if (!errors.length) errors.push(...(kind === 'course' ? this.courseErrors(attributes) : this.learningPathErrors(attributes)));
		if (errors.length) return { status: 400, body: { errors } };
		this.activities.push({ kind, attributes, via });
		return { status: 200 };
	}

	private courseErrors(attributes: Record<string, unknown>): string[] {
		const { courseId, courseSku, userId, userEmail, completionDate } = attributes;
		if (!courseId && !courseSku) return ['courseSku or courseId is required'];
		if (!userId && !userEmail) return ['userId or userEmail is required'];
		if (completionDate !== undefined && !isIso8601(completionDate)) {
			return ['invalid completionDate. please use ISO 8601 format'];
		}
		const course = this.state.courses.find((candidate) =>
			courseId ? UUID.test(String(courseId)) && candidate.id === courseId : candidate.sku === courseSku,
		);
		const user = this.state.users.find((candidate) =>
			userId ? candidate.id === userId : candidate.email === userEmail,
		);
		return course && user ? [] : ['Invalid course or user'];
	}

	private learningPathErrors(attributes: Record<string, unknown>): string[] {
		const { userId, learningPathId, status, completionDate, timeStampDate } = attributes;
		// (fake) The reference lists no message for these two required parameters.
		if (!userId) return ['userId is required'];
		if (!learningPathId) return ['learningPathId is required'];
		if (status !== undefined && !LEARNING_PATH_STATUSES.includes(status as string)) return ['invalid status'];
		const completed = status === undefined || status === 'completed';
		if (completionDate !== undefined && !completed) {
			return ['completion date cannot be passed with non-completed status'];
		}
		if (timeStampDate !== undefined && completed) {
			return ['timestamp date cannot be passed with completed status or no status'];
		}
		if (completionDate !== undefined && !isIso8601(completionDate)) {
			return ['invalid completionDate. please use ISO 8601 format'];
		}
		if (timeStampDate !== undefined && !isIso8601(timeStampDate)) {
			return ['invalid timestampDate. please use ISO 8601 format'];
		}
		const knownUser = this.state.users.some((user) => user.id === userId);
		const knownPath = this.state.learningPaths.includes(learningPathId as string);
		return knownUser && knownPath ? [] : ['Invalid learning path or user'];
	}
}

const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
const isEntry = (value: unknown) =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.values(value).every(isScalar);

/** (fake) messages for what the reference types but lists no message for. */
function shapeErrors(attributes: Record<string, unknown>, documented: string[]): string[] {
	const unknown = Object.keys(attributes).filter((name) => !documented.includes(name));
	if (unknown.length) return [`unknown parameter(s): ${unknown.join(', ')}`];
	const { awards, transcriptFields, certificateUrl } = attributes;
	if (awards !== undefined && (!Array.isArray(awards) || !awards.every(isEntry))) return ['awards must be an array of award entries'];
	if (transcriptFields !== undefined && (!Array.isArray(transcriptFields) || !transcriptFields.every(isEntry))) {
		return ['transcriptFields must be an array of transcript field entries'];
	}
	if (certificateUrl !== undefined && typeof certificateUrl !== 'string') return ['certificateUrl must be a string'];
	for (const name of ['courseId', 'courseSku', 'userId', 'userEmail', 'learningPathId', 'status']) {
		if (attributes[name] !== undefined && typeof attributes[name] !== 'string') return [`${name} must be a string`];
	}
	return [];
}
