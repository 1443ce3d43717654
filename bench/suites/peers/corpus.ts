/**
 * The deliveries the peer benchmark sends: genuine ones (for throughput, and to prove each workflow
 * accepts what the platform really sends) and the forged ones of the trigger's attack tests
 * (test/nodes/learningPlatformTrigger.test.ts), each built around a fresh event so that no
 * de-duplication record can hide what the verification does.
 */
import { createHmac, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { ACADEMY_OCEAN_EVENT_EXAMPLES } from '../../../test/fixtures/academyOceanEvents.ts';
import { canvasEvent } from '../../../test/fixtures/canvasEvents.ts';

export interface Delivery {
	body: string;
	headers: Record<string, string>;
}

export type CaseKind = 'genuine' | 'forged' | 'replay';

export interface CorpusCase {
	id: string;
	/** What the row of the correctness table says. */
	label: string;
	kind: CaseKind;
	/** Deliveries sent in order; only the last is judged (the earlier ones set it up, e.g. the original of a replay). */
	deliveries: Delivery[];
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

// ---------------------------------------------------------------- AcademyOcean

/** A signed 1 KB AcademyOcean delivery with a unique id, as AcademyOcean sends it (compact JSON, hex HMAC). */
export function academyOceanEvent(): Record<string, unknown> {
	const event: Record<string, unknown> = { ...ACADEMY_OCEAN_EVENT_EXAMPLES['learner.course_certificate.issued'], id: randomUUID(), note: '' };
	event.note = 'x'.repeat(Math.max(0, 1024 - Buffer.byteLength(JSON.stringify(event))));
	return event;
}

export function hmacHex(body: string, secret: string, algorithm = 'sha256'): string {
	return createHmac(algorithm, secret).update(body).digest('hex');
}

export function signedAcademyOcean(secret: string, event = academyOceanEvent()): Delivery {
	const body = JSON.stringify(event);
	return { body, headers: { 'content-type': 'application/json', signature: hmacHex(body, secret) } };
}

/** Non-ASCII characters as \uXXXX escapes: the same JSON value, other bytes. */
const escapeUnicode = (json: string) => json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function academyOceanCorpus(secret: string): CorpusCase[] {
	const fresh = () => ({ ...academyOceanEvent(), learner: { email: 'zoe@example.com', full_name: 'Zoë Ærøskøbing', first_name: 'Zoë', last_name: 'Ærøskøbing' } });
	const json = { 'content-type': 'application/json' };
	const signedAs = (body: string, signature: string | undefined): Delivery => ({ body, headers: signature === undefined ? json : { ...json, signature } });
	const compact = () => JSON.stringify(fresh());
	const cases: CorpusCase[] = [];
	const add = (id: string, label: string, kind: CaseKind, ...deliveries: Delivery[]) => cases.push({ id, label, kind, deliveries });

	let body = compact();
	add('ao-genuine', 'genuine: compact JSON, hex HMAC-SHA256 of the raw body', 'genuine', signedAs(body, hmacHex(body, secret)));
	const pretty = JSON.stringify(fresh(), null, 2);
	add('ao-genuine-pretty', 'genuine: the same, sent with whitespace (another sender formatting)', 'genuine', signedAs(pretty, hmacHex(pretty, secret)));

	body = compact();
	add('ao-tampered', 'tampered body (learner email changed), original signature', 'forged', signedAs(body.replace('zoe@example.com', 'mallory@example.com'), hmacHex(body, secret)));
	body = compact();
	add('ao-reserialised-space', 're-serialised JSON (whitespace added), original signature', 'forged', signedAs(JSON.stringify(JSON.parse(body), null, 2), hmacHex(body, secret)));
	body = compact();
	add('ao-reserialised-escapes', 're-serialised JSON (\\u escapes), original signature', 'forged', signedAs(escapeUnicode(body), hmacHex(body, secret)));
	body = compact();
	add('ao-wrong-secret', 'signed with the wrong secret', 'forged', signedAs(body, hmacHex(body, `${secret}x`)));
	body = compact();
	add('ao-no-signature', 'no Signature header', 'forged', signedAs(body, undefined));
	body = compact();
	add('ao-empty-signature', 'empty Signature header', 'forged', signedAs(body, ''));
	body = compact();
	add('ao-truncated', 'truncated signature (63 hex digits)', 'forged', signedAs(body, hmacHex(body, secret).slice(0, 63)));
	body = compact();
	add('ao-sha1', 'HMAC-SHA1 instead of SHA-256', 'forged', signedAs(body, hmacHex(body, secret, 'sha1')));

	body = compact();
	const original = signedAs(body, hmacHex(body, secret));
	add('ao-replay', 'replay: a genuine delivery sent again, byte for byte', 'replay', original, original);
	return cases;
}

// ---------------------------------------------------------------- Canvas

export interface CanvasKeys {
	/** In the JWKS, and the PEM pasted into the peer's JWT credential. */
	current: { kid: string; privateKey: KeyObject; publicPem: string; jwk: Record<string, unknown> };
	/** In the JWKS (Instructure publishes the next key before rotating to it), not in the peer. */
	next: { kid: string; privateKey: KeyObject; jwk: Record<string, unknown> };
	/** Nowhere: an attacker's. */
	attacker: { privateKey: KeyObject; jwk: Record<string, unknown> };
}

function keyPair(kid: string) {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const publicKey = createPublicKey(privateKey);
	return {
		kid,
		privateKey,
		publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
		jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
	};
}

export function canvasKeys(): CanvasKeys {
	return { current: keyPair('canvas-current'), next: keyPair('canvas-next'), attacker: keyPair('attacker') };
}

function rs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
	const input = `${b64url(header)}.${b64url(payload)}`;
	return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

/** A Canvas course_completed Live Event with a unique request id, as its claims (plus iat/exp). */
export function canvasClaims(lifetimeSeconds = 300, issuedAgoSeconds = 0): Record<string, unknown> {
	const now = Math.floor(Date.now() / 1000) - issuedAgoSeconds;
	return { ...canvasEvent('course_completed', { request_id: randomUUID() }), iat: now, exp: now + lifetimeSeconds };
}

/** Canvas posts the compact JWT as the whole body; its Content-Type is not documented (see README). */
export function canvasDelivery(token: string): Delivery {
	return { body: token, headers: { 'content-type': 'text/plain' } };
}

export function signedCanvas(keys: CanvasKeys): Delivery {
	return canvasDelivery(rs256({ alg: 'RS256', typ: 'JWT', kid: keys.current.kid }, canvasClaims(), keys.current.privateKey));
}

export function canvasCorpus(keys: CanvasKeys): CorpusCase[] {
	const cases: CorpusCase[] = [];
	const add = (id: string, label: string, kind: CaseKind, ...tokens: string[]) =>
		cases.push({ id, label, kind, deliveries: tokens.map(canvasDelivery) });
	const header = (kid: string, alg = 'RS256') => ({ alg, typ: 'JWT', kid });

	add('cv-genuine', 'genuine: RS256, signed with the current key', 'genuine', rs256(header(keys.current.kid), canvasClaims(), keys.current.privateKey));
	add('cv-genuine-next', 'genuine: signed with the next key after a rotation (in the JWKS)', 'genuine', rs256(header(keys.next.kid), canvasClaims(), keys.next.privateKey));

	add('cv-alg-none', 'alg none, unsigned', 'forged', `${b64url({ alg: 'none', typ: 'JWT', kid: keys.current.kid })}.${b64url(canvasClaims())}.`);
	add('cv-alg-none-signed', 'alg none, with a made-up signature', 'forged', `${b64url({ alg: 'none', kid: keys.current.kid })}.${b64url(canvasClaims())}.AAAA`);
	const hsInput = `${b64url(header(keys.current.kid, 'HS256'))}.${b64url(canvasClaims())}`;
	add('cv-hs256-public-key', 'HS256 signed with the public key (PEM) as the secret', 'forged', `${hsInput}.${createHmac('sha256', keys.current.publicPem).update(hsInput).digest('base64url')}`);
	add('cv-expired', 'expired token (a genuine event replayed 10 minutes later)', 'forged', rs256(header(keys.current.kid), canvasClaims(300, 900), keys.current.privateKey));
	add('cv-unknown-kid', 'unknown kid, signed by a key outside the JWKS', 'forged', rs256(header('made-up-kid'), canvasClaims(), keys.attacker.privateKey));
	add('cv-wrong-key', "the current kid, signed by the attacker's key", 'forged', rs256(header(keys.current.kid), canvasClaims(), keys.attacker.privateKey));
	add('cv-embedded-jwk', "carrying its own key (jwk header), signed by it", 'forged', rs256({ ...header(keys.current.kid), jwk: keys.attacker.jwk }, canvasClaims(), keys.attacker.privateKey));
	const [signedHeader, , signature] = rs256(header(keys.current.kid), canvasClaims(), keys.current.privateKey).split('.');
	const tamperedClaims = canvasClaims();
	(tamperedClaims.body as { user: { email: string } }).user.email = 'mallory@example.com';
	add('cv-tampered', 'claims changed after signing', 'forged', `${signedHeader}.${b64url(tamperedClaims)}.${signature}`);

	const original = rs256(header(keys.current.kid), canvasClaims(), keys.current.privateKey);
	add('cv-replay', 'replay: a genuine delivery sent again, byte for byte', 'replay', original, original);
	return cases;
}
