import type { RecordedRequest } from '../fakeServer.ts';
import type { PhpArray, PhpFormLimits, PhpValue } from '../phpFormParser.ts';
import { parsePhpForm, phpArray } from '../phpFormParser.ts';
import { ApiFailure } from './errors.ts';

/**
 * A JSON value as the fake's actions see form fields: scalars as text (booleans "1"/"0", as PHP
 * casts them), lists as index-keyed arrays, null left out. Public clients send `{action, options}`
 * as JSON; Laravel reads both encodings into the same input.
 */
function fromJson(value: unknown): PhpValue | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (typeof value !== 'object') return String(value);
	const result = phpArray();
	for (const [key, entry] of Object.entries(value)) {
		const converted = fromJson(entry);
		if (converted !== undefined) result[key] = converted;
	}
	return result;
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return INVALID;
	}
}

function isJson(request: RecordedRequest): boolean {
	return /^application\/(?:[\w.+-]+\+)?json\b/i.test(String(request.headers['content-type'] ?? ''));
}

function isForm(request: RecordedRequest): boolean {
	return /^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(String(request.headers['content-type'] ?? ''));
}

/**
 * The request's fields: a form (parsed as PHP parses `$_POST`), as the reference documents, or with
 * the jsonBodies leniency a JSON object. Any other body is refused with 415.
 */
export function readFields(request: RecordedRequest, limits: PhpFormLimits, acceptJson = false): PhpArray {
	if (isForm(request)) return parsePhpForm(request.body, limits);
	if (!isJson(request) || !acceptJson) {
		throw new ApiFailure(
			`Unsupported Media Type: the reference documents form fields (application/x-www-form-urlencoded), got ${String(request.headers['content-type'] ?? 'no Content-Type')}`,
			415,
		);
	}
	const parsed = parseJson(request.body || '{}');
	if (parsed === INVALID) throw new ApiFailure('The request body is not valid JSON', 400);
	const fields = fromJson(parsed);
	if (typeof fields !== 'object' || Array.isArray(parsed)) throw new ApiFailure('The request body must be a JSON object', 400);
	return fields;
}

export interface ApiCall {
	action: string;
	options: PhpArray;
}

/** `action` and `options` of an API request; options that are not an array count as none. */
export function readApiCall(request: RecordedRequest, limits: PhpFormLimits, acceptJson = false): ApiCall {
	const fields = readFields(request, limits, acceptJson);
	const action = typeof fields.action === 'string' ? fields.action.trim() : '';
	const options = typeof fields.options === 'object' ? fields.options : phpArray();
	return { action, options };
}
