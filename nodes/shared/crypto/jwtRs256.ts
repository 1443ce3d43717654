import { verify as verifySignature } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { base64UrlDecode } from './base64url';

export interface JwtHeader {
	alg: string;
	kid?: string;
	typ?: string;
	[key: string]: unknown;
}

export type JwtPayload = Record<string, unknown>;

export type JwtVerification =
	| { valid: true; header: JwtHeader; payload: JwtPayload }
	/**
	 * `unknownKey`: the signature may be fine but no key with that kid is known (yet).
	 * `malformedPayload`: the signature is valid but what it signs is not a JSON object.
	 */
	| { valid: false; reason: string; unknownKey?: string; malformedPayload?: true };

export interface JwtVerifyOptions {
	/** Seconds of clock difference tolerated on exp, nbf and iat. */
	clockSkewSeconds: number;
	/** Now, in seconds since the epoch. */
	now: number;
}

/**
 * Three base64url parts; the signature may be empty, as in an unsecured JWT (`alg: none`), so that
 * such a token is refused by the RS256 pin below and reported as what it is, not as unsigned JSON.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MIN_RSA_BITS = 2048;

export function looksLikeCompactJwt(text: string): boolean {
	return COMPACT_JWS.test(text);
}

function parseJsonObject(part: string): Record<string, unknown> | undefined {
	const bytes = base64UrlDecode(part);
	if (!bytes) return undefined;
	try {
		const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function checkTimes(payload: JwtPayload, { now, clockSkewSeconds }: JwtVerifyOptions): string | undefined {
	for (const claim of ['exp', 'nbf', 'iat'] as const) {
		if (payload[claim] !== undefined && !Number.isFinite(payload[claim])) {
			return `"${claim}" claim must be a number`;
		}
	}
	const { exp, nbf, iat } = payload as { exp?: number; nbf?: number; iat?: number };
	if (exp !== undefined && now - clockSkewSeconds >= exp) return 'token has expired';
	if (nbf !== undefined && now + clockSkewSeconds < nbf) return 'token is not valid yet';
	if (iat !== undefined && now + clockSkewSeconds < iat) return 'token was issued in the future';
	return undefined;
}

/**
 * Verifies a compact JWS signed with RS256 only. The algorithm is fixed here, never taken from
 * the token, so `none`, HS256 with a public key as secret and other algorithm confusion fail;
 * keys named in the header (jwk, jku, x5u, x5c) are ignored and `crit` is refused, as no
 * extension is understood. The key comes from `keyFor(kid)` and must be an RSA key of 2048 bits
 * or more.
 */
export function verifyRs256Jwt(
	token: string,
	keyFor: (kid: string | undefined) => KeyObject | undefined,
	options: JwtVerifyOptions,
): JwtVerification {
	if (!looksLikeCompactJwt(token)) return { valid: false, reason: 'not a compact JWS' };
	const [headerPart, payloadPart, signaturePart] = token.split('.');
	const header = parseJsonObject(headerPart) as JwtHeader | undefined;
	if (!header) return { valid: false, reason: 'malformed header' };
	if (header.alg !== 'RS256') return { valid: false, reason: `algorithm ${String(header.alg)} is not accepted` };
	if (header.crit !== undefined) return { valid: false, reason: 'critical header extensions are not supported' };
	if (header.kid !== undefined && typeof header.kid !== 'string') return { valid: false, reason: 'malformed kid' };

	// Checked before the key is looked up, so that a broken token never causes a JWKS fetch.
	const signature = base64UrlDecode(signaturePart);
	if (!signature?.length) return { valid: false, reason: 'malformed signature' };

	const key = keyFor(header.kid);
	if (!key) return { valid: false, reason: 'unknown signing key', unknownKey: header.kid ?? '' };
	if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
		return { valid: false, reason: 'signing key is not an RSA key of 2048 bits or more' };
	}
	const signed = verifySignature('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), key, signature);
	if (!signed) return { valid: false, reason: 'signature does not match' };

	const payload = parseJsonObject(payloadPart);
	if (!payload) return { valid: false, reason: 'payload is not a JSON object', malformedPayload: true };
	const timeProblem = checkTimes(payload, options);
	if (timeProblem) return { valid: false, reason: timeProblem };
	return { valid: true, header, payload };
}
