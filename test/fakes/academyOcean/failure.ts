/** An AcademyOcean error answer: `{"error":{"message":...}}` with an HTTP status. */
export class ApiFailure extends Error {
	readonly status: number;

	constructor(message: string, status = 422) {
		super(message);
		this.status = status;
	}
}
