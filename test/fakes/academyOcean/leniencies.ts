/**
 * By default the fake AcademyOcean accepts exactly what the reference documents
 * (/work/shared/reference/academyocean-api.txt) and answers only what it shows. Each leniency below is
 * something the real server may well accept or answer but the reference does not document; a test
 * that needs one turns it on by name, so that no product test passes because the fake is kinder than
 * the reference.
 */
export interface AcademyOceanLeniencies {
	/** `Content-Type: application/json` bodies (`{action, options}`, token fields) as well as form fields. Public client code sends them; the reference documents `form_params` only. Off: 415. */
	jsonBodies?: boolean;
	/** Client id and secret in a Basic `Authorization` header at the token endpoint (Laravel Passport reads it). The reference documents body fields only. Off: the header is ignored. */
	basicClientAuth?: boolean;
	/** `scope=*` at the token endpoint (Passport grants it to client credentials). The reference sends `scope` empty. */
	wildcardScope?: boolean;
	/** The API at `/api/v1` as well as the documented `/api/v1/`. Off: 404. */
	pathWithoutTrailingSlash?: boolean;
	/** learnersProgressByCourse with only one of `course_id` and `course_slug`, which the reference marks both required. */
	eitherCourseIdentifier?: boolean;
	/** Write actions whose answer the reference does not show answer `["done"]`, as it shows for deleteLearnerInvite. Off: an empty 200 body. */
	doneForUndocumentedWrites?: boolean;
}

export const STRICT: Readonly<AcademyOceanLeniencies> = Object.freeze({});
