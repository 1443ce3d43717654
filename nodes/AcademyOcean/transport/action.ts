import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import { normalizeInstanceUrl } from '../../shared/instanceUrl';
import { failedItem } from '../../shared/itemErrors';
import { encodePhpForm } from '../../shared/phpForm';
import { parsedBody } from './body';
import { academyOceanApiError, academyOceanErrorMessage, invalidField, withAcademyOceanMessage } from './errors';

export const CREDENTIAL_TYPE = 'academyOceanOAuth2Api';
const DEFAULT_BASE_URL = 'https://app.academyocean.com';

/** Builds and validates one item's `options`; throws a NodeOperationError naming the field. */
export type OptionsBuilder = (this: IExecuteSingleFunctions) => IDataObject | Promise<IDataObject>;

export type OutputShape =
	/** An array of records (or, with `records`, an array found inside the answer): one item each. */
	| { kind: 'list'; records?: (body: unknown) => unknown }
	/** An object keyed by learner email: one item per email, with the email as a field. */
	| { kind: 'byEmail'; fields?: (value: unknown) => IDataObject }
	/** Anything else: one item. */
	| { kind: 'single' };

export interface ActionDefinition {
	action: string;
	options?: OptionsBuilder;
	output: OutputShape;
	/** Walks `page`/`amount` pages for actions that page their answer. */
	paged?: boolean;
}

const isRecord = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function formBody(action: string, options: IDataObject): string {
	return encodePhpForm(Object.keys(options).length ? { action, options } : { action });
}

/** Points the request at the credential's base URL with the action's form body. */
async function prepareRequest(
	context: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	body: string,
): Promise<DeclarativeRestApiSettings.ResultOptions> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const base = normalizeInstanceUrl(String(credentials.baseUrl || DEFAULT_BASE_URL));
	if ('error' in base) throw invalidField(context, `The credential's Base URL ${base.error}`);
	const options: DeclarativeRestApiSettings.ResultOptions['options'] = {
		...requestData.options,
		baseURL: base.url,
		headers: {
			...requestData.options.headers,
			Accept: 'application/json',
			'Content-Type': 'application/x-www-form-urlencoded',
		},
		body,
	};
	return { ...requestData, options };
}

function toItems(records: unknown[], itemIndex: number): INodeExecutionData[] {
	return records.map((record) => ({
		json: isRecord(record) ? record : { value: record as IDataObject[string] },
		pairedItem: { item: itemIndex },
	}));
}

function shapeOutput(shape: OutputShape) {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const body = parsedBody(response.body);
		const apiMessage = academyOceanErrorMessage(body);
		if (apiMessage) throw academyOceanApiError(this, apiMessage, body, response.statusCode);
		if (typeof body === 'string') {
			throw academyOceanApiError(this, `unexpected answer that is not JSON: ${body.slice(0, 200)}`, {}, response.statusCode);
		}
		const itemIndex = this.getItemIndex();

		if (shape.kind === 'list') {
			const records = shape.records ? shape.records(body) : body;
			if (Array.isArray(records)) return toItems(records, itemIndex);
			return records === undefined || records === null ? [] : toItems([records], itemIndex);
		}
		if (shape.kind === 'byEmail') {
			// PHP encodes an empty keyed array as [].
			if (!isRecord(body)) return [];
			return Object.entries(body).map(([email, value]) => ({
				json: { email, ...(shape.fields ? shape.fields(value) : isRecord(value) ? value : { value: value as IDataObject[string] }) },
				pairedItem: { item: itemIndex },
			}));
		}
		if (isRecord(body)) return toItems([body], itemIndex);
		const result = Array.isArray(body) && body.length === 1 ? body[0] : body;
		return toItems([{ success: true, result: (result ?? null) as IDataObject[string] }], itemIndex);
	};
}

async function send(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	body: string,
): Promise<INodeExecutionData[]> {
	try {
		return await context.makeRoutingRequest(await prepareRequest(context, requestData, body));
	} catch (error) {
		throw withAcademyOceanMessage(error);
	}
}

const MAX_PAGE_SIZE = 100;

/**
 * Requests `page` 1, 2, … until a short page, or until Limit records when Return All is off.
 * A page longer than asked for, or the same as the one before, also ends the walk: a server that
 * ignored `amount` or `page` would otherwise be asked forever.
 */
async function walkPages(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	definition: ActionDefinition,
	options: IDataObject,
): Promise<INodeExecutionData[]> {
	const returnAll = context.getNodeParameter('returnAll', false) as boolean;
	const limit = returnAll ? Infinity : Math.max(1, Number(context.getNodeParameter('limit', 50)));
	const pageSize = Math.min(
		MAX_PAGE_SIZE,
		Math.max(1, Number(context.getNodeParameter('options.pageSize', MAX_PAGE_SIZE))),
		limit,
	);
	const collected: INodeExecutionData[] = [];
	let previousPage = '';
	for (let page = 1; collected.length < limit; page++) {
		const items = await send(context, requestData, formBody(definition.action, { ...options, page, amount: pageSize }));
		const thisPage = JSON.stringify(items.map((item) => item.json));
		if (thisPage === previousPage) break;
		collected.push(...items);
		if (items.length !== pageSize) break;
		previousPage = thisPage;
	}
	return collected.slice(0, limit);
}

/**
 * Runs one item's action. It is the routing's pagination hook because that is where a
 * declarative node may run its own requests: the options are built and checked here (so a
 * bad item sends nothing), pages are walked here, and with "Continue On Fail" the failure
 * becomes an error item paired with its input item instead of an unpaired one.
 */
function executeAction(definition: ActionDefinition) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		try {
			const options = (await definition.options?.call(this)) ?? {};
			if (definition.paged) return await walkPages(this, requestData, definition, options);
			return await send(this, requestData, formBody(definition.action, options));
		} catch (error) {
			return failedItem(this, error);
		}
	};
}

/** The declarative routing of one AcademyOcean action: POST /api/v1/ with `action` and `options`. */
export function actionRouting(definition: ActionDefinition): INodePropertyRouting {
	return {
		request: { method: 'POST', url: '/api/v1/' },
		send: { paginate: true },
		output: { postReceive: [shapeOutput(definition.output)] },
		operations: { pagination: executeAction(definition) },
	};
}
