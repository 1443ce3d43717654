import { createHash } from 'node:crypto';

import type { JwksCache } from '../shared/crypto/jwksCache';
import { looksLikeCompactJwt, verifyRs256Jwt } from '../shared/crypto/jwtRs256';
import type { Received } from './rejection';
import { reject } from './rejection';

export const INSTRUCTURE_JWKS_URL = 'https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks';

export interface CanvasOptions {
	jwksUrl: string;
	acceptUnsigned: boolean;
	clockSkewSeconds: number;
	/** Canvas hostnames (metadata.hostname) whose events are accepted; empty accepts any. */
	allowedHosts: string[];
	fetchJwks: (url: string) => Promise<unknown>;
	jwksCache: JwksCache;
	now?: number;
}

function eventOf(payload: Record<string, unknown>, rawText: string, allowedHosts: string[]): Received {
	const metadata = payload.metadata as Record<string, unknown> | undefined;
	const event = metadata?.event_name;
	if (!metadata || typeof metadata !== 'object' || typeof event !== 'string' || !event) {
		return reject(400, 'Event has no metadata.event_name');
	}
	if (allowedHosts.length && !allowedHosts.includes(String(metadata.hostname ?? '').toLowerCase())) {
		return reject(403, 'Event comes from a Canvas host that is not allowed');
	}
	// Canvas events carry no id: a retried delivery is the same bytes.
	const deliveryId = `canvas:sha256:${createHash('sha256').update(rawText).digest('hex')}`;
	return { accepted: { event, deliveryId, payload } };
}

/**
 * A Canvas Live Events delivery. With signed payloads on, the whole body is a compact RS256 JWT
 * (whatever the Content-Type says) verified against the JWKS; unsigned JSON is accepted only when
 * the user explicitly allowed it.
 */
export async function receiveCanvas(rawBody: Buffer, options: CanvasOptions): Promise<Received> {
	const text = rawBody.toString('utf8').trim();
	if (!looksLikeCompactJwt(text)) {
		if (!options.acceptUnsigned) return reject(401, 'Unsigned event refused: expected a signed JWT');
		let payload: unknown;
		try {
			payload = JSON.parse(text);
		} catch {
			return reject(400, 'Body is neither a signed JWT nor JSON');
		}
		if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return reject(400, 'Body is not a JSON object');
		return eventOf(payload as Record<string, unknown>, text, options.allowedHosts);
	}

	const verifyOptions = { clockSkewSeconds: options.clockSkewSeconds, now: options.now ?? Math.floor(Date.now() / 1000) };
	const keyFor = (kid: string | undefined) => options.jwksCache.cachedKey(options.jwksUrl, kid);
	let result = verifyRs256Jwt(text, keyFor, verifyOptions);
	if (!result.valid && result.unknownKey !== undefined) {
		if (!result.unknownKey) return reject(401, 'Invalid token: no key id (kid)');
		const lookup = await options.jwksCache.key(options.jwksUrl, result.unknownKey, options.fetchJwks);
		if ('unavailable' in lookup) return reject(503, 'Signing keys are unavailable, retry later');
		result = verifyRs256Jwt(text, keyFor, verifyOptions);
	}
	if (!result.valid) return reject(401, `Invalid token: ${result.reason}`);
	return eventOf(result.payload, text, options.allowedHosts);
}
