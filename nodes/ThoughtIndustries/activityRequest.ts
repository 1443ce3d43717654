import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { signJwtHs256 } from '../shared/crypto/jwtHs256';
import { normalizeInstanceUrl } from '../shared/instanceUrl';
import { observeResponse } from '../shared/rateLimit/observe';
import type { PlatformRules } from '../shared/rateLimit/pacedItem';
import { pacedItem } from '../shared/rateLimit/pacedItem';

/** Builds and validates the attributes one item records; throws a NodeOperationError naming the field. */
export type ActivityAttributesBuilder = (this: IExecuteSingleFunctions) => IDataObject;

export const CREDENTIAL_TYPE = 'thoughtIndustriesApi';

/** Thought Industries for the shared pacing: one budget per API key credential and instance. */
export const THOUGHT_INDUSTRIES: PlatformRules = {
	name: 'Thought Industries',
	credentialType: CREDENTIAL_TYPE,
	succeededWord: 'recorded',
	messageOf: (body) => errorMessagesOf(body).join('; ') || undefined,
};

/**
 * Whether recording this activity twice does no harm, for a request that got no answer: recording
 * the same completion or status again leaves the same record, but awards are granted per request
 * and an external certificate is uploaded per request.
 */
export function activityRetrySafety(attributes: IDataObject): true | string {
	if (Array.isArray(attributes.awards) && attributes.awards.length) {
		return 'it grants awards, and a second request would grant them again';
	}
	if (attributes.certificateUrl || (Array.isArray(attributes.transcriptFields) && attributes.transcriptFields.length)) {
		return 'it adds an external certificate, and a second request would add another';
	}
	return true;
}

export function invalidField(
	context: IExecuteSingleFunctions,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, {
		itemIndex: context.getItemIndex(),
		description,
	});
}

function sendsSignedJwt(context: IExecuteSingleFunctions): boolean {
	return context.getNodeParameter('options.sendAs', 'jsonBody') === 'signedJwt';
}

/**
 * Records one item. It runs as the routing's pagination hook, where a declarative node may run
 * its own request: the attributes are checked first (an invalid item sends nothing), then sent
 * to the credential's instance as a JSON body or a signed `jwt` query parameter, paced through
 * the credential's shared budget (nodes/shared/rateLimit). With "Continue On Fail" a failure
 * becomes an error item paired with its input item; without, the run stops at a clean point.
 */
export function recordActivity(build: ActivityAttributesBuilder) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		return await pacedItem(this, THOUGHT_INDUSTRIES, async (send) => {
			const attributes = build.call(this);
			const credentials = await this.getCredentials(CREDENTIAL_TYPE);
			const instance = normalizeInstanceUrl(String(credentials.instanceUrl ?? ''));
			if ('error' in instance) {
				throw invalidField(
					this,
					`The credential's Instance URL ${instance.error}`,
					'Open the Thought Industries credential and enter your instance address, e.g. https://acme.thoughtindustries.com',
				);
			}
			const options: DeclarativeRestApiSettings.ResultOptions['options'] = { ...requestData.options, baseURL: instance.url };
			if (sendsSignedJwt(this)) {
				const secret = String(credentials.jwtSecret || credentials.apiKey || '');
				options.qs = { ...options.qs, jwt: signJwtHs256(attributes, secret) };
				delete options.body;
			} else {
				options.body = attributes;
				options.json = true;
			}
			const request = { baseUrl: instance.url, repeatable: activityRetrySafety(attributes) };
			return await send(request, async () => await this.makeRoutingRequest({ ...requestData, options }));
		});
	};
}

function errorMessagesOf(body: unknown): string[] {
	if (typeof body === 'string') {
		const text = body.trim();
		if (!text) return [];
		try {
			return errorMessagesOf(JSON.parse(text));
		} catch {
			return [text];
		}
	}
	if (body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)) {
		return (body as { errors: unknown[] }).errors.map(String);
	}
	// The rate limit's 429: {"error":"rate_limit_exceeded","message":"Request rate limit reached. …","retryAfter":32}.
	if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
		return [(body as { message: string }).message];
	}
	return [];
}

/**
 * postReceive: the API answers 200 with an empty body, so the item echoes what was recorded.
 * A 4xx/5xx becomes a NodeApiError carrying every message of the API's `errors` array.
 */
export function echoRecordedActivity(build: ActivityAttributesBuilder, resource: string) {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		await observeResponse.call(this, _items, response);
		const status = response.statusCode;
		if (status >= 400) {
			const messages = errorMessagesOf(response.body);
			const message =
				status === 401
					? 'Thought Industries rejected the API key (401): check the API key in the credential'
					: `Thought Industries rejected the request (${status})${messages.length ? `: ${messages.join('; ')}` : ''}`;
			throw new NodeApiError(this.getNode(), { errors: messages, statusCode: status } as JsonObject, {
				message,
				description: messages.join('\n') || undefined,
				httpCode: String(status),
				itemIndex: this.getItemIndex(),
			});
		}
		return [
			{
				json: {
					success: true,
					resource,
					...build.call(this),
					sentAs: sendsSignedJwt(this) ? 'signedJwt' : 'jsonBody',
				},
				pairedItem: { item: this.getItemIndex() },
			},
		];
	};
}
