import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { JwksCache } from '../shared/crypto/jwksCache';
import { receiveAcademyOcean } from './academyOcean';
import { INSTRUCTURE_JWKS_URL, receiveCanvas } from './canvas';
import { isDuplicateDelivery } from './deduplication';
import { triggerProperties } from './description';
import { isSelected } from './events';
import type { Received } from './rejection';
import { simplifyAcademyOcean, simplifyCanvas } from './simplify';

/** One cache per process: every workflow using the same JWKS URL shares its keys and its refetch budget. */
export const canvasJwksCache = new JwksCache({ minRefetchIntervalMs: 30_000, maxAgeMs: 24 * 60 * 60 * 1000 });

const PRIVATE_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The exact bytes received: signatures are over them, not over a re-serialised body. */
function rawBodyOf(request: { rawBody?: unknown; body?: unknown }): Buffer {
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	if (typeof request.body === 'string') return Buffer.from(request.body);
	if (request.body && typeof request.body === 'object' && Object.keys(request.body).length) {
		return Buffer.from(JSON.stringify(request.body));
	}
	return Buffer.alloc(0);
}

function answerWithoutExecution(context: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function textList(value: unknown): string[] {
	return String(value ?? '')
		.split(/[,\n]/)
		.map((entry) => entry.trim().toLowerCase())
		.filter(Boolean);
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
		version: 1,
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
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: triggerProperties,
	};

	methods = {
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
					throw new NodeOperationError(this.getNode(), lookup.unavailable, {
						description: 'Check the JWKS URL option; signed Canvas events cannot be verified without it',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const rawBody = rawBodyOf(request as never);
		if (rawBody.length > Number(options.maxBodyKb ?? 1024) * 1024) {
			return answerWithoutExecution(this, 413, { error: 'Payload too large' });
		}

		const source = this.getNodeParameter('source', 'academyOcean') as string;
		let received: Received;
		if (source === 'canvas') {
			received = await receiveCanvas(rawBody, {
				jwksUrl: String(options.jwksUrl || INSTRUCTURE_JWKS_URL),
				acceptUnsigned: options.acceptUnsigned === true,
				clockSkewSeconds: Number(options.clockSkewSeconds ?? 60),
				allowedHosts: textList(options.allowedHosts),
				jwksCache: canvasJwksCache,
				fetchJwks: async (url) => await this.helpers.httpRequest({ method: 'GET', url, json: true, timeout: 5000 }),
			});
		} else {
			const { secret } = await this.getCredentials<{ secret: string }>('academyOceanWebhookApi');
			const signature = this.getHeaderData().signature;
			received = receiveAcademyOcean(rawBody, Array.isArray(signature) ? signature[0] : signature, String(secret ?? ''));
		}

		if ('rejected' in received) {
			this.logger.debug(`Learning Platform Trigger refused a ${source} delivery: ${received.rejected.message}`);
			return answerWithoutExecution(this, received.rejected.status, { error: received.rejected.message });
		}

		const { event, deliveryId, payload } = received.accepted;
		const selected = this.getNodeParameter(source === 'canvas' ? 'canvasEvents' : 'academyOceanEvents', []) as string[];
		if (!isSelected(selected, event)) return { webhookResponse: { received: true, ignored: `event ${event} is not selected` } };
		if (options.ignoreDuplicates !== false && isDuplicateDelivery(this, deliveryId)) {
			return { webhookResponse: { received: true, duplicate: true } };
		}

		const json: IDataObject = this.getNodeParameter('simplify', true)
			? source === 'canvas'
				? simplifyCanvas(payload)
				: simplifyAcademyOcean(payload)
			: (payload as IDataObject);
		if (options.includeHeaders) {
			json.headers = Object.fromEntries(
				Object.entries(this.getHeaderData()).filter(([name]) => !PRIVATE_HEADERS.has(name.toLowerCase())),
			) as IDataObject;
		}
		return { workflowData: [[{ json }]], webhookResponse: { received: true } };
	}
}
