/**
 * An AcademyOcean error answer: `{"error":{"message":"..."}}` (the reference's `error[message]`)
 * with an HTTP status. Actions throw it; the server turns it into the answer.
 */
export class ApiFailure extends Error {
	readonly status: number;

	constructor(message: string, status: number) {
		super(message);
		this.status = status;
	}
}

/** A validation error, 422 as Laravel answers them: `invalid('Email is required')`. */
export function invalid(message: string): ApiFailure {
	return new ApiFailure(message, 422);
}

/** Something named in the request does not exist. */
export function notFound(message: string): ApiFailure {
	return new ApiFailure(message, 404);
}

/** The request is understood but not allowed (e.g. a login link for a blocked learner). */
export function forbidden(message: string): ApiFailure {
	return new ApiFailure(message, 403);
}

export function errorBody(message: string): { error: { message: string } } {
	return { error: { message } };
}
