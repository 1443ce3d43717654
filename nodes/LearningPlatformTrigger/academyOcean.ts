import { verifyHmacSha256 } from '../shared/crypto/hmac';
import { fingerprint } from './fingerprint';
import type { Received } from './rejection';
import { reject } from './rejection';

/**
 * An AcademyOcean delivery: the `Signature` header must be the HMAC-SHA256 of the exact raw
 * body under the webhook's secret key; only then is the body parsed.
 */
export function receiveAcademyOcean(rawBody: Buffer, signature: string | undefined, secret: string): Received {
	if (!signature) return reject(401, 'Missing Signature header');
	if (!verifyHmacSha256(rawBody, signature, secret)) return reject(401, 'Invalid signature');

	let payload: unknown;
	try {
		// The signature covers the bytes as sent, a UTF-8 byte order mark included; n8n's own body parser
		// (packages/cli/src/middlewares/body-parser.ts) drops a leading BOM before parsing JSON, so do we.
		payload = JSON.parse(rawBody.toString('utf8').replace(/^\uFEFF/, ''));
	} catch {
		return reject(400, 'Body is not valid JSON');
	}
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return reject(400, 'Body is not a JSON object');
	const event = payload as Record<string, unknown>;
	if (typeof event.event !== 'string' || !event.event) return reject(400, 'Body has no "event" field');
	const deliveryId =
		typeof event.id === 'string' && event.id ? `academyOcean:id:${event.id}` : `academyOcean:sha256:${fingerprint(event)}`;
	return { accepted: { event: event.event, deliveryId, payload: event } };
}
