// The RSA key pair the sandbox's fake Canvas signs Live Events with; the fake JWKS serves its public half.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CANVAS_KID } from './constants.ts';

export interface CanvasKey {
	kid: string;
	privateKey: KeyObject;
	jwk: Record<string, unknown>;
}

export function canvasKey(privateKey: KeyObject, kid = CANVAS_KID): CanvasKey {
	const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
	return { kid, privateKey, jwk };
}

export function newCanvasKey(kid = CANVAS_KID): CanvasKey {
	return canvasKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, kid);
}

/** Loads the key from `file` or creates it there (PEM, mode 600), so `npm run demo:event` can sign. */
export function persistentCanvasKey(file: string): CanvasKey {
	if (existsSync(file)) return canvasKey(createPrivateKey(readFileSync(file)));
	const key = newCanvasKey();
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, key.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
	return key;
}
