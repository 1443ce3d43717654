import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { listRecords } from './listRequest';

/** Results per page of a picker; the editor asks for the next page as the builder scrolls. */
export const PAGE_SIZE = 100;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Records whose listed fields contain the typed text (any case), one page of them from `paginationToken`. */
export function searchPage(
	records: IDataObject[],
	fields: string[],
	toItem: (record: IDataObject) => INodeListSearchItems,
	filter?: string,
	paginationToken?: string,
): INodeListSearchResult {
	const wanted = text(filter).trim().toLowerCase();
	const matching = wanted
		? records.filter((record) => fields.some((field) => text(record[field]).toLowerCase().includes(wanted)))
		: records;
	const start = Math.max(0, Number.parseInt(text(paginationToken), 10) || 0);
	const results = matching.slice(start, start + PAGE_SIZE).map(toItem);
	const next = start + PAGE_SIZE;
	return next < matching.length ? { results, paginationToken: String(next) } : { results };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function searchAcademies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const academies = await listRecords(this, 'academies');
	return searchPage(
		academies,
		['name', 'slug', 'id', 'cname_domain'],
		(academy) => ({
			name: text(academy.name) || text(academy.id),
			value: text(academy.id),
			url: academy.is_cname_enabled && academy.cname_domain ? `https://${text(academy.cname_domain)}` : undefined,
		}),
		filter,
		paginationToken,
	);
}

function courseItem(value: 'id' | 'slug') {
	return (course: IDataObject): INodeListSearchItems => ({
		name: course.is_in_group ? `${text(course.name)} (group)` : text(course.name) || text(course.id),
		value: text(course[value]),
		url: text(course.course_open_url) || undefined,
	});
}

/** Courses and groups, picked by ID. */
export async function searchCourses(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return searchPage(await listRecords(this, 'courses'), ['name', 'slug', 'id'], courseItem('id'), filter, paginationToken);
}

/** Courses picked by URL slug, for the fields the API takes a slug in (groups have none). */
export async function searchCourseSlugs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const courses = (await listRecords(this, 'courses')).filter((course) => text(course.slug) !== '');
	return searchPage(courses, ['name', 'slug', 'id'], courseItem('slug'), filter, paginationToken);
}

/** Learners by name or email; a complete email is looked up by the API itself (its `email` filter). */
export async function searchLearners(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const typed = text(filter).trim();
	const learners = await listRecords(this, 'learners', EMAIL.test(typed) ? { email: typed } : {});
	return searchPage(
		learners,
		['name', 'email'],
		(learner) => ({ name: text(learner.name) ? `${text(learner.name)} (${text(learner.email)})` : text(learner.email), value: text(learner.email) }),
		filter,
		paginationToken,
	);
}

/** Countries that have learners, as AcademyOcean reports them. */
export async function searchCountries(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return searchPage(
		await listRecords(this, 'learnersAmountFromCountries'),
		['country', 'country_iso_code'],
		(country) => ({
			name: `${text(country.country) || text(country.country_iso_code)} (${text(country.country_iso_code)})`,
			value: text(country.country_iso_code),
		}),
		filter,
		paginationToken,
	);
}
