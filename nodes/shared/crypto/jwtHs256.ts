import { createHmac } from 'node:crypto';

import { base64UrlEncode } from './base64url';

const HS256_HEADER = base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** A compact JWS (HS256) over `payload`, as Thought Industries accepts in its `jwt` query parameter. */
export function signJwtHs256(payload: Record<string, unknown>, secret: string): string {
	if (!secret) throw new Error('A JWT signing secret is required');
	const signingInput = `${HS256_HEADER}.${base64UrlEncode(JSON.stringify(payload))}`;
	const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
	return `${signingInput}.${signature}`;
}
