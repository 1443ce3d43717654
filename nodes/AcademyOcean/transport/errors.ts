import type { IExecuteSingleFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** The `error[message]` of an AcademyOcean answer, if it carries one. */
export function academyOceanErrorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { error } = body as { error?: unknown };
	if (typeof error === 'string') return error;
	if (error && typeof error === 'object') {
		const { message } = error as { message?: unknown };
		if (typeof message === 'string' && message) return message;
		if (Array.isArray(message)) return message.map(String).join('; ');
	}
	return undefined;
}

/**
 * The message of an error answer: AcademyOcean's own `error[message]`, or the `{"message": …}` body
 * Laravel itself answers with (its throttle's 429 "Too Many Attempts.", "Server Error", "Unauthenticated.").
 * Only for error statuses: a successful answer's `message` field is data.
 */
export function academyOceanErrorAnswerMessage(body: unknown): string | undefined {
	const own = academyOceanErrorMessage(body);
	if (own) return own;
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { message } = body as { message?: unknown };
	return typeof message === 'string' && message.trim() ? message.trim() : undefined;
}

export function invalidField(context: IExecuteSingleFunctions, message: string, description?: string) {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex: context.getItemIndex(),
		description,
	});
}

/** An API error whose message is AcademyOcean's own `error[message]`. */
export function academyOceanApiError(
	context: IExecuteSingleFunctions,
	message: string,
	body: unknown,
	httpCode?: number,
): NodeApiError {
	return new NodeApiError(context.getNode(), (body ?? {}) as JsonObject, {
		message: `AcademyOcean: ${message}`,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
		itemIndex: context.getItemIndex(),
	});
}

/**
 * n8n turns a 4xx/5xx into a NodeApiError whose message is a generic status text and whose
 * description holds the server's message; builders need AcademyOcean's own words up front.
 */
export function withAcademyOceanMessage(error: unknown): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const apiMessage = academyOceanErrorAnswerMessage(error.context?.data);
	if (apiMessage) {
		error.description = error.message;
		error.message = `AcademyOcean: ${apiMessage}`;
	}
	return error;
}
