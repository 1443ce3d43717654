import type { IExecuteSingleFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { invalidField } from './errors';

/**
 * Pickers for the records AcademyOcean can list (academies, courses, teams, learners, countries).
 * Each offers "From List" first, as n8n's guidelines ask, and the ways the API itself accepts the
 * record: an ID, a course URL slug, a pasted course URL, an email, a country code.
 */

/** AcademyOcean IDs are 16-30 letters and digits (e.g. zyK0bxgWEY9E4XA6JedG); a little slack either way. */
const ID = '[A-Za-z0-9]{8,64}';
/** A course URL slug, the part after /course/ in its URL. */
const SLUG = '[A-Za-z0-9][A-Za-z0-9_-]*';
/** `course_open_url` as the API returns it: https://<academy>/course/<slug>/open, or /group/<id>/open for groups. */
const COURSE_URL = 'https?://[^\\s/]+/(?:course|group)/[^\\s/?#]+.*';
const COURSE_URL_PARTS = /^https?:\/\/[^\s/]+\/(course|group)\/([^\s/?#]+)/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const COURSE_ID_EXAMPLE = 'NVpz0PmrkjrkOQW9d1Kx';

/** A picker mode; written as `modes` entries are, so n8n's lint knows them from parameters. */
function mode(displayName: string, definition: Omit<INodePropertyMode, 'displayName'>): INodePropertyMode {
	return { displayName, ...definition };
}

function listMode(searchListMethod: string, placeholder: string): INodePropertyMode {
	return mode('From List', { name: 'list', type: 'list', placeholder, typeOptions: { searchListMethod, searchable: true } });
}

function textMode(name: string, displayName: string, placeholder: string, regex: string, errorMessage: string): INodePropertyMode {
	return mode(displayName, { name, type: 'string', placeholder, validation: [{ type: 'regex', properties: { regex, errorMessage } }] });
}

const courseIdMode = textMode(
	'id',
	'By ID',
	`e.g. ${COURSE_ID_EXAMPLE}`,
	ID,
	"Not a course ID: use the letters and digits from the course settings, field 'API, Course ID', or pick the course From List",
);
const courseSlugMode = textMode(
	'slug',
	'By Slug',
	'e.g. onboarding',
	SLUG,
	'Not a course slug: use the part after /course/ in the course URL (no spaces), or pick the course From List',
);
const courseUrlMode: INodePropertyMode = {
	...textMode(
		'url',
		'By URL',
		'e.g. https://academy.academyocean.com/course/onboarding/open',
		COURSE_URL,
		'Not a course URL: paste the address of the course, https://<academy>/course/<slug>/…',
	),
	extractValue: { type: 'regex', regex: 'https?://[^\\s/]+/(?:course|group)/([^\\s/?#]+)' },
};

interface LocatorOptions {
	name: string;
	displayName: string;
	description: string;
	required?: boolean;
}

function locator(options: LocatorOptions, modes: INodePropertyMode[]): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes,
	};
}

export function academyLocator(options: LocatorOptions): INodeProperties {
	return locator(options, [
		listMode('searchAcademies', 'Select an academy...'),
		textMode(
			'id',
			'By ID',
			'e.g. zyK0bxgWEY9E4XA6JedG',
			ID,
			'Not an academy ID: use the ID that Academy > Get Many returns (letters and digits), or pick the academy From List',
		),
	]);
}

/** A course the API takes by ID or slug (learnersCourseComplete, learnersChurnAtContent, learnersProgressByCourse). */
export function courseLocator(options: LocatorOptions): INodeProperties {
	return locator(options, [listMode('searchCourses', 'Select a course...'), courseIdMode, courseSlugMode, courseUrlMode]);
}

/** A course the API takes by slug only (createLoginToken's `course`). */
export function courseSlugLocator(options: LocatorOptions): INodeProperties {
	return locator(options, [listMode('searchCourseSlugs', 'Select a course...'), courseSlugMode, courseUrlMode]);
}

/** A course the API takes by ID only (createLoginToken's `course_id`). */
export function courseIdLocator(options: LocatorOptions): INodeProperties {
	return locator(options, [listMode('searchCourses', 'Select a course...'), courseIdMode]);
}

export function learnerLocator(options: LocatorOptions): INodeProperties {
	return locator(options, [
		listMode('searchLearners', 'Select a learner...'),
		textMode('email', 'By Email', 'e.g. name@email.com', '[^\\s@]+@[^\\s@]+\\.[^\\s@]+', 'Not an email address'),
	]);
}

export function countryLocator(options: LocatorOptions): INodeProperties {
	return locator(options, [
		listMode('searchCountries', 'Select a country...'),
		textMode('code', 'By Code', 'e.g. US', '[A-Za-z]{2}', 'Not a country code: use the two-letter ISO 3166 code, e.g. US'),
	]);
}

/** Several teams at once: a multi-select filled from `getTeams`, as n8n does for several records. */
export function teamsField(name: string, description: string, required = true): INodeProperties {
	return {
		displayName: 'Team Names or IDs',
		name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTeams' },
		default: [],
		required,
		description: `${description}. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

/** A picker's mode and value; a plain string (version 1, or an expression) has no mode. */
export interface Picked {
	mode?: string;
	value: string;
}

export function pickedValue(raw: unknown): Picked {
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
		const { mode, value } = raw as { mode?: unknown; value?: unknown };
		return { mode: typeof mode === 'string' ? mode : undefined, value: String(value ?? '').trim() };
	}
	return { value: String(raw ?? '').trim() };
}

/** The text of a parameter that is a picker in version 2 and plain text in version 1. */
export function pickedText(context: IExecuteSingleFunctions, name: string): string {
	return pickedValue(context.getNodeParameter(name, '')).value;
}

function required(context: IExecuteSingleFunctions, name: string, label: string): Picked {
	const picked = pickedValue(context.getNodeParameter(name, ''));
	if (!picked.value) throw invalidField(context, `"${label}" is required`, 'Pick it From List, or switch the field to By ID');
	return picked;
}

const COURSE_ACCEPTS = `a course ID (e.g. ${COURSE_ID_EXAMPLE}), its URL slug (e.g. onboarding) or its URL`;

/** How a course was named: by ID, by slug, or (a version-1 text field) either. */
export interface CourseReference {
	by: 'id' | 'slug' | 'idOrSlug';
	value: string;
}

/**
 * The course a picker (or a version-1 text field) names. A course name typed where the API wants
 * an ID or slug never matches: it is refused before anything is sent, saying what the field takes.
 */
export function requiredCourse(context: IExecuteSingleFunctions, name: string, label: string): CourseReference {
	const { mode, value } = required(context, name, label);
	if (mode === 'url' || /^https?:\/\//i.test(value)) {
		const parts = COURSE_URL_PARTS.exec(value);
		if (!parts) {
			throw invalidField(context, `"${label}" is not a course URL: "${value}"`, 'Paste the course address, https://<academy>/course/<slug>/…, or pick the course From List');
		}
		// A group's URL carries its ID; a course's carries its slug.
		return { by: parts[1].toLowerCase() === 'group' ? 'id' : 'slug', value: decodeURIComponent(parts[2]) };
	}
	if (/\s/.test(value) || value.length > 200) {
		throw invalidField(
			context,
			`"${label}" takes ${COURSE_ACCEPTS}, not a course name: "${value}"`,
			'Pick the course From List, or copy its ID or slug from the course settings',
		);
	}
	if (mode === 'list' || mode === 'id') return { by: 'id', value };
	if (mode === 'slug') return { by: 'slug', value };
	return { by: 'idOrSlug', value };
}

/** A course for createLoginToken's `course`, which takes a slug only. */
export function requiredCourseSlug(context: IExecuteSingleFunctions, name: string, label: string): string {
	const course = requiredCourse(context, name, label);
	if (course.by === 'id' && pickedValue(context.getNodeParameter(name, '')).mode === 'url') {
		throw invalidField(
			context,
			`"${label}" is a group's URL, and a group has no slug: "${course.value}"`,
			'Use Redirect To: Course (by ID) for a group',
		);
	}
	return course.value;
}

export function requiredAcademyId(context: IExecuteSingleFunctions, name: string, label: string): string {
	const { mode, value } = required(context, name, label);
	// Typed IDs are checked for their shape; a version-1 text field only for what no ID contains.
	if (mode === 'id' ? !new RegExp(`^${ID}$`).test(value) : /\s/.test(value)) {
		throw invalidField(
			context,
			`"${label}" is not an academy ID: "${value}"`,
			'Pick the academy From List, or use the ID that Academy > Get Many returns, e.g. zyK0bxgWEY9E4XA6JedG',
		);
	}
	return value;
}

export function requiredLearnerEmail(context: IExecuteSingleFunctions, name: string, label: string): string {
	const { value } = required(context, name, label);
	if (!EMAIL.test(value)) throw invalidField(context, `"${label}" is not an email address: "${value}"`);
	return value;
}

/** A two-letter country code, upper case; empty when the field is optional and left empty. */
export function countryCode(context: IExecuteSingleFunctions, name: string, label: string, isRequired: boolean): string {
	const code = pickedText(context, name).toUpperCase();
	if (!code && !isRequired) return '';
	if (!code) throw invalidField(context, `"${label}" is required`);
	if (!/^[A-Z]{2}$/.test(code)) throw invalidField(context, `"${label}" must be a two-letter ISO code like US, got "${code}"`);
	return code;
}
