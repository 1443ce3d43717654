// How the platforms sign what they send: AcademyOcean an HMAC-SHA256 `Signature` header over the raw
// body, Canvas a compact RS256 JWT as the whole body.
import { createHmac, createSign } from 'node:crypto';
import type { CanvasKey } from './canvasKey.ts';

export function academyOceanSignature(rawBody: string | Buffer, secret: string): string {
	return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export function canvasJwt(payload: Record<string, unknown>, key: CanvasKey, lifetimeSeconds = 300): string {
	const now = Math.floor(Date.now() / 1000);
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const signingInput = `${part({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${part({ iat: now, exp: now + lifetimeSeconds, ...payload })}`;
	const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey).toString('base64url');
	return `${signingInput}.${signature}`;
}
