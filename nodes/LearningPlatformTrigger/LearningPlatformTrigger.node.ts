import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkTriggerSetUp, jwksUnavailableError } from './activation';
import { receiveAcademyOcean } from './academyOcean';
import { INSTRUCTURE_JWKS_URL, canvasJwksCache, receiveCanvas } from './canvas';
import { canvasAllowedHosts } from './canvasHosts';
import { DELIVERY_KEY_PROPERTY, deliveryKey, keepFirstDeliveries, knownDelivery } from './deduplication';
import { triggerProperties } from './description';
import { isSelected, selectedEvents, sourceEvents } from './events';
import type { Received } from './rejection';
import { reject } from './rejection';
import type { RespondMode } from './respond';
import { CURRENT_VERSION, respondWebhook } from './respond';
import { simplifyAcademyOcean, simplifyCanvas } from './simplify';

const PRIVATE_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The exact bytes received: signatures are over them. n8n keeps them as `rawBody` for every
 * webhook request it does not parse as multipart; a body re-serialised from the parsed one would
 * not be what was signed, so without the raw bytes verification sees an empty body and fails.
 */
function rawBodyOf(request: { rawBody?: unknown }): Buffer {
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
}

function answerWithoutExecution(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Verifies a delivery and reads its event: only the size is checked before the signature. */
async function receive(context: IWebhookFunctions, source: string, options: IDataObject, rawBody: Buffer): Promise<Received> {
	if (rawBody.length > Number(options.maxBodyKb ?? 1024) * 1024) return reject(413, 'Payload too large');
	if (source === 'canvas') {
		return await receiveCanvas(rawBody, {
			jwksUrl: String(options.jwksUrl || INSTRUCTURE_JWKS_URL),
			acceptUnsigned: options.acceptUnsigned === true,
			clockSkewSeconds: Number(options.clockSkewSeconds ?? 60),
			allowedHosts: canvasAllowedHosts(context, options),
			jwksCache: canvasJwksCache,
			fetchJwks: async (url) => await context.helpers.httpRequest({ method: 'GET', url, json: true, timeout: 5000 }),
		});
	}
	const { secret } = await context.getCredentials<{ secret: string }>('academyOceanWebhookApi');
	const signature = context.getHeaderData().signature;
	// Trimmed like the activation check: a key pasted with a trailing newline would otherwise fail every delivery.
	return receiveAcademyOcean(rawBody, Array.isArray(signature) ? signature[0] : signature, String(secret ?? '').trim());
}

export class LearningPlatformTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Learning Platform Trigger',
		name: 'learningPlatformTrigger',
		icon: {
			light: 'file:../../icons/learningPlatformTrigger.svg',
			dark: 'file:../../icons/learningPlatformTrigger.dark.svg',
		},
		group: ['trigger'],
		// 2: Allowed Canvas Hosts is part of the Canvas set-up, one Events list serves both sources, and
		// Respond defaults to When Last Node Finishes (respond.ts).
		version: [1, CURRENT_VERSION],
		defaultVersion: CURRENT_VERSION,
		subtitle: '={{$parameter["source"] === "canvas" ? "Canvas Live Events" : "AcademyOcean"}}',
		description: 'Starts the workflow on verified AcademyOcean webhooks and Canvas LMS Live Events',
		defaults: { name: 'Learning Platform Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'academyOceanWebhookApi',
				required: true,
				testedBy: 'academyOceanWebhookSecret',
				displayOptions: { show: { source: ['academyOcean'] } },
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', ...respondWebhook, path: 'webhook' }],
		properties: triggerProperties,
	};

	methods = {
		loadOptions: { sourceEvents },
		credentialTest: {
			async academyOceanWebhookSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = String(credential.data?.secret ?? '').trim();
				if (secret.length < 8) {
					return { status: 'Error', message: 'The secret key looks incomplete: copy it again from the webhook settings in AcademyOcean' };
				}
				return { status: 'OK', message: 'AcademyOcean has no API to check the key: send a test webhook to confirm it' };
			},
		},
	};

	/**
	 * Deliveries are set up in AcademyOcean's and Canvas's own settings, so there is nothing to
	 * register; activation checks instead that the trigger can verify what will arrive.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const source = this.getNodeParameter('source', 'academyOcean') as string;
				const options = this.getNodeParameter('options', {}) as IDataObject;
				checkTriggerSetUp(this, source, options);
				if (source === 'academyOcean') {
					const { secret } = await this.getCredentials<{ secret: string }>('academyOceanWebhookApi');
					if (!String(secret ?? '').trim()) {
						throw new NodeOperationError(this.getNode(), 'The AcademyOcean webhook credential has no secret key');
					}
					return true;
				}
				if (options.acceptUnsigned === true) return true;
				const jwksUrl = String(options.jwksUrl || INSTRUCTURE_JWKS_URL);
				const lookup = await canvasJwksCache.key(jwksUrl, '', async (url) =>
					await this.helpers.httpRequest({ method: 'GET', url, json: true, timeout: 5000 }),
				);
				if ('unavailable' in lookup) {
					// On n8n's start-up a passing JWKS outage must not leave the workflow inactive:
					// deliveries are answered 503 until the keys can be read, and Canvas retries them.
					if (['init', 'leadershipChange'].includes(this.getActivationMode())) {
						this.logger.warn(`Learning Platform Trigger: ${lookup.unavailable}; Canvas events are answered 503 until it can be read`);
						return true;
					}
					throw jwksUnavailableError(this, jwksUrl, lookup.unavailable);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const source = this.getNodeParameter('source', 'academyOcean') as string;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const received = await receive(this, source, options, rawBodyOf(this.getRequestObject()));

		if ('rejected' in received) {
			const { status, message, detail } = received.rejected;
			const log = `Learning Platform Trigger answered a ${source} delivery ${status}: ${message}${detail ? ` (${detail})` : ''}`;
			// A 503 means the trigger cannot verify anything: the operator needs to see it.
			if (status >= 500) this.logger.warn(log);
			else this.logger.debug(log);
			return answerWithoutExecution(this, status, { error: message });
		}

		const { event, deliveryId, payload } = received.accepted;
		const selected = selectedEvents(this, source);
		if (!isSelected(selected, event)) return { webhookResponse: { received: true, ignored: `event ${event} is not selected` } };
		const deduplicate = options.ignoreDuplicates !== false;
		const known = deduplicate ? knownDelivery(this, deliveryId, options) : undefined;
		if (known === 'running' && (this.getNodeParameter('respond', 'onReceived') as RespondMode) === 'lastNode') {
			// Answered only when the workflow succeeded: no 2xx while that is not known, so the platform retries.
			this.getResponseObject().setHeader('retry-after', '30');
			return answerWithoutExecution(this, 503, { error: 'This delivery is still being processed: send it again later' });
		}
		if (known) return { webhookResponse: { received: true, duplicate: true } };

		let json: IDataObject = this.getNodeParameter('simplify', true)
			? source === 'canvas'
				? simplifyCanvas(payload)
				: simplifyAcademyOcean(payload)
			: (payload as IDataObject);
		if (options.includeHeaders) {
			const headers = Object.entries(this.getHeaderData()).filter(([name]) => !PRIVATE_HEADERS.has(name.toLowerCase()));
			json = { ...json, headers: Object.fromEntries(headers) as IDataObject };
		}
		const item: INodeExecutionData = deduplicate ? { json, [DELIVERY_KEY_PROPERTY]: deliveryKey(deliveryId) } : { json };
		return { workflowData: [[item]], webhookResponse: { received: true } };
	}

	/**
	 * The first step of the execution a delivery started (n8n runs a trigger's `execute` when the
	 * execution begins): records the delivery in n8n's database and stops here if it was processed.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await keepFirstDeliveries(this, this.getInputData())];
	}
}
