import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { normalizeInstanceUrl } from '../../shared/instanceUrl';
import { encodePhpForm } from '../../shared/phpForm';
import { parsedBody } from './body';
import { academyOceanApiError, academyOceanErrorMessage, invalidField, withAcademyOceanMessage } from './errors';

const CREDENTIAL_TYPE = 'academyOceanOAuth2Api';
const DEFAULT_BASE_URL = 'https://app.academyocean.com';

/** A course as the `courses` action lists it, reduced to its two identifiers. */
interface CourseIdentity {
	id: string;
	slug: string;
}

/** What the user gave: the course's API ID, its slug, or a value that may be either. */
export type CourseReference = { id: string } | { slug: string } | { idOrSlug: string };

/**
 * The academy's courses, fetched once per execution of a node and shared by its items. The key is the
 * node's execution context object (`getContext('node')`), so the list lives exactly as long as the
 * execution: nothing is written into execution data, and nothing outlives it. Within it, one entry per
 * API base URL, in case the credential changes between node runs.
 */
const coursesByExecution = new WeakMap<object, Map<string, Promise<CourseIdentity[]>>>();

function identities(body: unknown): CourseIdentity[] {
	if (!Array.isArray(body)) return [];
	return body.flatMap((course) => {
		const { id, slug } = (course ?? {}) as { id?: unknown; slug?: unknown };
		return typeof id === 'string' && typeof slug === 'string' ? [{ id, slug }] : [];
	});
}

async function fetchCourses(context: IExecuteSingleFunctions, apiUrl: string): Promise<CourseIdentity[]> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: apiUrl,
		headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
		body: encodePhpForm({ action: 'courses' }),
	};
	let answer: unknown;
	try {
		answer = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, request);
	} catch (error) {
		throw withAcademyOceanMessage(error);
	}
	const body = parsedBody(answer);
	const apiMessage = academyOceanErrorMessage(body);
	if (apiMessage) throw academyOceanApiError(context, apiMessage, body);
	return identities(body);
}

/** The courses list for this execution: one `courses` request, shared by every item; a failure is not kept. */
async function coursesOf(context: IExecuteSingleFunctions): Promise<CourseIdentity[]> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const base = normalizeInstanceUrl(String(credentials.baseUrl || DEFAULT_BASE_URL));
	if ('error' in base) throw invalidField(context, `The credential's Base URL ${base.error}`);
	const apiUrl = `${base.url}/api/v1/`;
	const execution = context.getContext('node');
	let cached = coursesByExecution.get(execution);
	if (!cached) coursesByExecution.set(execution, (cached = new Map()));
	let courses = cached.get(apiUrl);
	if (!courses) {
		courses = fetchCourses(context, apiUrl);
		cached.set(apiUrl, courses);
		void courses.catch(() => cached?.delete(apiUrl));
	}
	return await courses;
}

/**
 * `course_id` and `course_slug` of a course the user named by one of them. The reference marks both
 * "required" for learnersProgressByCourse, so the other is looked up with the `courses` action, which
 * lists each course's `id` and `slug` (a request per execution, not per item). A course the list does
 * not have fails the item, naming the field, before the progress request is sent.
 */
export async function bothCourseIdentifiers(
	context: IExecuteSingleFunctions,
	reference: CourseReference,
	label: string,
): Promise<IDataObject> {
	const courses = await coursesOf(context);
	const course =
		'id' in reference
			? courses.find((candidate) => candidate.id === reference.id)
			: 'slug' in reference
				? courses.find((candidate) => candidate.slug === reference.slug)
				: courses.find((candidate) => candidate.id === reference.idOrSlug) ??
					courses.find((candidate) => candidate.slug === reference.idOrSlug);
	if (!course) {
		const given = 'id' in reference ? reference.id : 'slug' in reference ? reference.slug : reference.idOrSlug;
		throw invalidField(
			context,
			`"${label}" is "${given}", which is not a course of this academy`,
			`The API needs both the course ID and its slug; the other one is looked up in the academy's courses (Course > Get Many), where ${courses.length} course(s) were found`,
		);
	}
	return { course_id: course.id, course_slug: course.slug };
}
