import { JwksCache } from '../shared/crypto/jwksCache';
import type { FetchJwks } from '../shared/crypto/jwksCache';
import { looksLikeCompactJwt, verifyRs256Jwt } from '../shared/crypto/jwtRs256';
import { ANY_HOST } from './canvasHosts';
import { fingerprint } from './fingerprint';
import type { Received } from './rejection';
import { reject } from './rejection';

export const INSTRUCTURE_JWKS_URL = 'https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks';

/**
 * One cache for the whole n8n process: every workflow using the same JWKS URL shares its keys and
 * its fetch budget. Instructure publishes the previous, current and next keys and rotates monthly,
 * so a day-old copy is fresh enough and an unknown kid is worth one refetch per 30 s at most.
 */
export const canvasJwksCache = new JwksCache({ minRefetchIntervalMs: 30_000, maxAgeMs: 24 * 60 * 60 * 1000 });

export interface CanvasOptions {
	jwksUrl: string;
	acceptUnsigned: boolean;
	clockSkewSeconds: number;
	/** Canvas hostnames (metadata.hostname), lower case, whose events are accepted; `*` accepts any, empty none. */
	allowedHosts: string[];
	fetchJwks: FetchJwks;
	jwksCache: JwksCache;
	/** Milliseconds since the epoch. */
	now?: number;
}

/** Claims the signing adds around the event; a re-signed retry changes them, not the event. */
const TOKEN_CLAIMS = new Set(['iat', 'exp', 'nbf', 'jti']);

function eventOf(payload: Record<string, unknown>, allowedHosts: string[]): Received {
	// Anything but an object with a non-empty event_name has no event name to read.
	const metadata = (payload.metadata ?? {}) as Record<string, unknown>;
	const event = metadata.event_name;
	if (typeof event !== 'string' || !event) {
		return reject(400, 'Event has no metadata.event_name');
	}
	if (!allowedHosts.includes(ANY_HOST) && !allowedHosts.includes(String(metadata.hostname ?? '').toLowerCase())) {
		return reject(403, 'Event comes from a Canvas host that is not allowed');
	}
	// Canvas events carry no id: the event itself, without the token's own claims, identifies it.
	const content = Object.fromEntries(Object.entries(payload).filter(([claim]) => !TOKEN_CLAIMS.has(claim)));
	return { accepted: { event, deliveryId: `canvas:sha256:${fingerprint(content)}`, payload } };
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
		return eventOf(payload as Record<string, unknown>, options.allowedHosts);
	}

	const now = options.now ?? Date.now();
	const verifyOptions = { clockSkewSeconds: options.clockSkewSeconds, now: Math.floor(now / 1000) };
	let result = verifyRs256Jwt(text, (kid) => options.jwksCache.cachedKey(options.jwksUrl, kid, now), verifyOptions);
	// Only a well-formed RS256 token whose kid is not cached reaches the JWKS endpoint.
	if (!result.valid && result.unknownKey !== undefined) {
		if (!result.unknownKey) return reject(401, 'Invalid token: no key id (kid)');
		const lookup = await options.jwksCache.key(options.jwksUrl, result.unknownKey, options.fetchJwks, now);
		if ('unavailable' in lookup) return reject(503, 'Signing keys are unavailable, retry later', lookup.unavailable);
		result = verifyRs256Jwt(text, () => lookup.key, verifyOptions);
	}
	if (!result.valid) return reject(result.malformedPayload ? 400 : 401, `Invalid token: ${result.reason}`);
	return eventOf(result.payload, options.allowedHosts);
}
