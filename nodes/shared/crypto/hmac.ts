import { createHmac, timingSafeEqual } from 'node:crypto';

const SHA256_BYTES = 32;

/**
 * The bytes of a signature header in any encoding a platform may use for an HMAC-SHA256:
 * hex (any case, optionally `sha256=`-prefixed) or base64 / base64url (padding optional).
 * Returns undefined unless it decodes to exactly 32 bytes.
 */
export function signatureBytes(header: string): Buffer | undefined {
	const value = header.trim().replace(/^sha256=/i, '');
	if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
	if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) {
		const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		return bytes.length === SHA256_BYTES ? bytes : undefined;
	}
	return undefined;
}

/**
 * Whether `header` is the HMAC-SHA256 of the exact raw body under `secret`.
 * Compares the decoded bytes in constant time, so neither the encoding nor the position of a
 * mismatch changes how long it takes.
 */
export function verifyHmacSha256(rawBody: Buffer, header: string | undefined, secret: string): boolean {
	if (!header || !secret) return false;
	const received = signatureBytes(header);
	if (!received) return false;
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	return timingSafeEqual(received, expected);
}
