import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { pickedText } from './locators';

/** What to add to an API error's message so the builder knows how to fix the field, or undefined. */
export type ErrorHint = (context: IExecuteSingleFunctions, message: string) => string | undefined;

type Paginate = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

function withHint(error: unknown, hint: string): unknown {
	if (error instanceof Error && !error.message.includes(hint)) error.message = `${error.message}. ${hint}`;
	return error;
}

/**
 * An operation's routing whose failures (thrown, or error items with "Continue On Fail") carry the
 * hint. It wraps the action's pagination hook from outside, so the send path stays as it is.
 */
export function withErrorHint(routing: INodePropertyRouting, errorHint?: ErrorHint): INodePropertyRouting {
	const paginate = routing.operations?.pagination;
	if (!errorHint || typeof paginate !== 'function') return routing;
	const run = paginate as Paginate;
	const hinted: Paginate = async function (this, requestData) {
		const hintFor = (message: string) => errorHint(this, message);
		let items: INodeExecutionData[];
		try {
			items = await run.call(this, requestData);
		} catch (error) {
			const hint = hintFor((error as Error)?.message ?? '');
			throw hint ? withHint(error, hint) : error;
		}
		return items.map((item) => {
			const hint = item.error ? hintFor(item.error.message) : undefined;
			if (!hint || !item.error) return item;
			withHint(item.error, hint);
			return { ...item, json: { ...item.json, error: item.error.message } };
		});
	};
	return { ...routing, operations: { ...routing.operations, pagination: hinted } };
}

/** For a field naming a course: AcademyOcean's "Course not found" says what the field takes. */
export function courseNotFoundHint(label: string, ...parameters: string[]): ErrorHint {
	return (context, message) => {
		if (!/course/i.test(message) || !/not (been )?found|does ?n[o']t exist|no such|not a course of this academy/i.test(message)) return undefined;
		const value = parameters.map((parameter) => pickedText(context, parameter)).find(Boolean) ?? '';
		return `"${label}" takes a course ID (e.g. NVpz0PmrkjrkOQW9d1Kx), its URL slug (e.g. onboarding) or its URL, and no course of this academy has "${value}": pick the course From List`;
	};
}
