import { createHmac, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import fc from 'fast-check';
import { SignJWT, exportJWK, jwtVerify } from 'jose';

import { base64UrlDecode, base64UrlEncode } from '../../nodes/shared/crypto/base64url';
import { signatureBytes, verifyHmacSha256 } from '../../nodes/shared/crypto/hmac';
import { JwksCache, rsaSigningKeys } from '../../nodes/shared/crypto/jwksCache';
import { verifyRs256Jwt } from '../../nodes/shared/crypto/jwtRs256';

const hmacHex = (body: Buffer | string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');

/** How many generated cases each property ran, printed once at the end (the closing note quotes them). */
const propertyRuns: Record<string, number> = {};
afterAll(() => {
	process.stdout.write(`Generated cases run per property: ${JSON.stringify(propertyRuns)}\n`);
});

describe('HMAC-SHA256 signature', () => {
	const body = Buffer.from('{"id":"1","event":"course.finished"}');
	const secret = 'webhook-secret-key';
	const digest = createHmac('sha256', secret).update(body).digest();

	test.each([
		['lowercase hex', digest.toString('hex')],
		['uppercase hex', digest.toString('hex').toUpperCase()],
		['sha256= prefixed hex', `sha256=${digest.toString('hex')}`],
		['base64', digest.toString('base64')],
		['base64 without padding', digest.toString('base64').replace(/=$/, '')],
		['base64url', digest.toString('base64url')],
		['hex with surrounding spaces', `  ${digest.toString('hex')} `],
	])('accepts %s', (_name, header) => expect(verifyHmacSha256(body, header, secret)).toBe(true));

	test.each([
		['missing header', undefined],
		['empty header', ''],
		['wrong secret', hmacHex(body, 'another-secret')],
		['truncated hex', digest.toString('hex').slice(0, 62)],
		['hex of another body', hmacHex(`${body.toString()} `, secret)],
		['not an encoding', 'definitely-not-a-signature'],
		['sha1-length hex', 'a'.repeat(40)],
		// Each of these holds the right signature plus something else: only the exact value may pass.
		['the right hex followed by other characters', `${digest.toString('hex')}zz`],
		['the right hex after other characters', `zz${digest.toString('hex')}`],
		['sha256= inside the value', `${digest.toString('hex').slice(0, 32)}sha256=${digest.toString('hex').slice(32)}`],
		['the right base64 followed by more base64', `${digest.toString('base64')}AAAA`],
		['the right base64 after a character outside the alphabet', `!${digest.toString('base64')}`],
		['the right base64 with a character outside the alphabet inside', `${digest.toString('base64').slice(0, 20)}.${digest.toString('base64').slice(20)}`],
	])('refuses %s', (_name, header) => expect(verifyHmacSha256(body, header, secret)).toBe(false));

	test('refuses everything when the secret is empty', () => {
		expect(verifyHmacSha256(body, createHmac('sha256', '').update(body).digest('hex'), '')).toBe(false);
	});

	test('compares the signature in constant time: node:crypto timingSafeEqual decides, once, on the decoded bytes', () => {
		// The module object the product's `import { timingSafeEqual } from 'node:crypto'` reads at each call.
		const compare = jest.spyOn(jest.requireActual<typeof import('node:crypto')>('node:crypto'), 'timingSafeEqual');
		try {
			expect(verifyHmacSha256(body, digest.toString('base64'), secret)).toBe(true);
			expect(compare).toHaveBeenCalledTimes(1);
			const [received, expected] = compare.mock.calls[0] as [Buffer, Buffer];
			expect(received.equals(digest) && expected.equals(digest)).toBe(true);

			compare.mockClear();
			const wrong = Buffer.from(digest);
			wrong[31] ^= 1;
			expect(verifyHmacSha256(body, wrong.toString('hex'), secret)).toBe(false);
			expect(compare).toHaveBeenCalledTimes(1);
			expect(compare.mock.results[0].value).toBe(false);

			// What timingSafeEqual answers is the verdict: were it to say "equal", the wrong signature would pass.
			compare.mockClear();
			compare.mockReturnValueOnce(true);
			expect(verifyHmacSha256(body, wrong.toString('hex'), secret)).toBe(true);
		} finally {
			compare.mockRestore();
		}
	});

	test('decodes only 32-byte signatures', () => {
		expect(signatureBytes(digest.toString('hex'))?.equals(digest)).toBe(true);
		expect(signatureBytes(Buffer.alloc(31).toString('base64'))).toBeUndefined();
	});

	const encodings = ['hex', 'HEX', 'base64', 'base64url'] as const;
	const encode = (mac: Buffer, encoding: (typeof encodings)[number]) =>
		encoding === 'HEX' ? mac.toString('hex').toUpperCase() : mac.toString(encoding);

	test('property: the right signature of any body under any secret verifies, in every encoding', () => {
		let runs = 0;
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 2048 }), fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }), (bytes, key) => {
				runs += 1;
				const raw = Buffer.from(bytes);
				const mac = createHmac('sha256', key).update(raw).digest();
				return encodings.every((encoding) => verifyHmacSha256(raw, encode(mac, encoding), key));
			}),
			{ numRuns: 2000 },
		);
		expect(runs).toBe(2000);
		propertyRuns.hmacValid = runs;
	});

	test('property: changing any single byte of the body or the signature is always refused, in every encoding', () => {
		let runs = 0;
		fc.assert(
			fc.property(
				fc.uint8Array({ minLength: 1, maxLength: 1024 }),
				fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }),
				fc.nat(),
				fc.integer({ min: 1, max: 255 }),
				fc.boolean(),
				fc.constantFrom(...encodings),
				(bytes, key, position, flip, tamperSignature, encoding) => {
					runs += 1;
					const raw = Buffer.from(bytes);
					const mac = createHmac('sha256', key).update(raw).digest();
					if (tamperSignature) mac[position % mac.length] ^= flip;
					else raw[position % raw.length] ^= flip;
					return !verifyHmacSha256(raw, encode(mac, encoding), key);
				},
			),
			{ numRuns: 3000 },
		);
		expect(runs).toBe(3000);
		propertyRuns.hmacTampered = runs;
	});

	test('property: a different secret never verifies', () => {
		let runs = 0;
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 512 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (bytes, key, other) => {
				fc.pre(key !== other);
				runs += 1;
				const raw = Buffer.from(bytes);
				return !verifyHmacSha256(raw, createHmac('sha256', other).update(raw).digest('hex'), key);
			}),
			{ numRuns: 1000 },
		);
		expect(runs).toBe(1000);
		propertyRuns.hmacOtherSecret = runs;
	});
});

const rsa = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits });
const current = rsa();
const other = rsa();
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const options = { clockSkewSeconds: 60, now: NOW };
const keys = new Map<string, KeyObject>([['current', current.publicKey]]);
const keyFor = (kid: string | undefined) => (kid === undefined ? undefined : keys.get(kid));

async function mint(
	claims: Record<string, unknown> = {},
	{ kid = 'current', key = current.privateKey, alg = 'RS256' }: { kid?: string; key?: KeyObject; alg?: string } = {},
) {
	return await new SignJWT({ metadata: { event_name: 'course_completed' }, ...claims })
		.setProtectedHeader({ alg, kid, typ: 'JWT' })
		.sign(key);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('base64url', () => {
	test('decodes the one canonical spelling only', () => {
		const bytes = Buffer.from([0xfb, 0xff, 0x01]);
		expect(base64UrlDecode(bytes.toString('base64url'))?.equals(bytes)).toBe(true);
		expect(base64UrlDecode('+/8B')).toBeUndefined();
		expect(base64UrlDecode('AQ==')).toBeUndefined();
		expect(base64UrlDecode('AQ')?.equals(Buffer.from([1]))).toBe(true);
		// 'AR' carries the same byte with a non-zero unused bit.
		expect(base64UrlDecode('AR')).toBeUndefined();
		expect(base64UrlDecode('A')).toBeUndefined();
		expect(base64UrlEncode('héllo')).toBe(Buffer.from('héllo').toString('base64url'));
	});

	test('property: every byte string round-trips, and every other spelling of it is refused', () => {
		let runs = 0;
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (bytes, position, replacement) => {
				runs += 1;
				const encoded = base64UrlEncode(Buffer.from(bytes));
				if (!base64UrlDecode(encoded)?.equals(Buffer.from(bytes))) return false;
				if (!encoded.length) return true;
				const index = position % encoded.length;
				const respelled = `${encoded.slice(0, index)}${replacement}${encoded.slice(index + 1)}`;
				const decoded = base64UrlDecode(respelled);
				// A different spelling is either refused or decodes to different bytes.
				return respelled === encoded || decoded === undefined || !decoded.equals(Buffer.from(bytes));
			}),
			{ numRuns: 2000 },
		);
		expect(runs).toBe(2000);
		propertyRuns.base64UrlSpellings = runs;
	});
});

describe('RS256 JWT verification', () => {
	test('accepts a token jose signed, with its payload', async () => {
		const result = verifyRs256Jwt(await mint({ exp: NOW + 300, iat: NOW }), keyFor, options);
		expect(result).toMatchObject({ valid: true, payload: { metadata: { event_name: 'course_completed' } } });
	});

	test.each<[string, () => Promise<string>, string]>([
		['expired', () => mint({ exp: NOW - 61 }), 'token has expired'],
		['not valid yet', () => mint({ nbf: NOW + 61 }), 'token is not valid yet'],
		['issued in the future', () => mint({ iat: NOW + 120 }), 'token was issued in the future'],
		['exp that is not a number', () => mint({ exp: 'tomorrow' }), '"exp" claim must be a number'],
		['signed by another key', () => mint({}, { key: other.privateKey }), 'signature does not match'],
	])('refuses a token that is %s', async (_name, token, reason) => {
		expect(verifyRs256Jwt(await token(), keyFor, options)).toEqual({ valid: false, reason });
	});

	test('tolerates the clock skew on each side', async () => {
		expect(verifyRs256Jwt(await mint({ exp: NOW - 30, nbf: NOW + 30, iat: NOW + 30 }), keyFor, options).valid).toBe(true);
	});

	// The exact edges, with NOW fixed and a skew of 60 s: exp is exclusive (a token is expired once
	// now - skew reaches it), nbf and iat are inclusive (valid up to now + skew). jose draws the same lines.
	const SKEW = options.clockSkewSeconds;
	test.each<[string, Record<string, number>, string | undefined]>([
		['exp = now - skew', { exp: NOW - SKEW }, 'token has expired'],
		['exp = now - skew + 1', { exp: NOW - SKEW + 1 }, undefined],
		['nbf = now + skew', { nbf: NOW + SKEW }, undefined],
		['nbf = now + skew + 1', { nbf: NOW + SKEW + 1 }, 'token is not valid yet'],
		['iat = now + skew (in the future, within the skew)', { iat: NOW + SKEW }, undefined],
		['iat = now + skew + 1 (in the future, beyond it)', { iat: NOW + SKEW + 1 }, 'token was issued in the future'],
		['iat = now + 1 with no skew', { iat: NOW + 1 }, 'token was issued in the future'],
	])('boundary: %s', async (name, claims, reason) => {
		const skew = name.endsWith('with no skew') ? 0 : SKEW;
		const result = verifyRs256Jwt(await mint(claims), keyFor, { clockSkewSeconds: skew, now: NOW });
		expect(result).toEqual(
			reason === undefined ? expect.objectContaining({ valid: true }) : { valid: false, reason },
		);
		const joseAccepts = await jwtVerify(await mint(claims), async () => current.publicKey, {
			algorithms: ['RS256'],
			clockTolerance: skew,
			currentDate: new Date(NOW * 1000),
			...(claims.iat !== undefined ? { maxTokenAge: 3600 } : {}),
		}).then(
			() => true,
			() => false,
		);
		// jose checks a future iat only as a token age; ours refuses it outright (see the differential test).
		if (claims.iat === undefined) expect(joseAccepts).toBe(reason === undefined);
	});

	test('reports an unknown kid so the caller can refetch the keys', async () => {
		expect(verifyRs256Jwt(await mint({}, { kid: 'next' }), keyFor, options)).toEqual({
			valid: false,
			reason: 'unknown signing key',
			unknownKey: 'next',
		});
	});

	test('refuses alg none, unsigned or not, by the RS256 pin', () => {
		const token = `${b64url({ alg: 'none', kid: 'current' })}.${b64url({ metadata: {} })}.`;
		expect(verifyRs256Jwt(token, keyFor, options)).toEqual({ valid: false, reason: 'algorithm none is not accepted' });
		// An RS256 header with no signature is refused before any key is looked up.
		const lookups: Array<string | undefined> = [];
		const unsignedRs256 = `${b64url({ alg: 'RS256', kid: 'current' })}.${b64url({ metadata: {} })}.`;
		expect(verifyRs256Jwt(unsignedRs256, (kid) => (lookups.push(kid), keyFor(kid)), options)).toEqual({ valid: false, reason: 'malformed signature' });
		expect(lookups).toEqual([]);
		const withSignature = `${b64url({ alg: 'none', kid: 'current' })}.${b64url({ metadata: {} })}.AAAA`;
		expect(verifyRs256Jwt(withSignature, keyFor, options)).toMatchObject({ valid: false, reason: 'algorithm none is not accepted' });
	});

	test('refuses HS256 signed with the public key as the secret (algorithm confusion)', () => {
		const publicPem = current.publicKey.export({ type: 'spki', format: 'pem' });
		const input = `${b64url({ alg: 'HS256', kid: 'current', typ: 'JWT' })}.${b64url({ metadata: { event_name: 'x' } })}`;
		const token = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
		expect(verifyRs256Jwt(token, keyFor, options)).toMatchObject({ valid: false, reason: 'algorithm HS256 is not accepted' });
	});

	test('refuses a tampered payload and a critical header extension', async () => {
		const [header, , signature] = (await mint()).split('.');
		const tampered = `${header}.${b64url({ metadata: { event_name: 'course_completed' }, admin: true })}.${signature}`;
		expect(verifyRs256Jwt(tampered, keyFor, options)).toMatchObject({ valid: false, reason: 'signature does not match' });

		const crit = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'current', crit: ['exp'] } as never).sign(current.privateKey).catch(() => undefined);
		const manualCrit = `${b64url({ alg: 'RS256', kid: 'current', crit: ['x-custom'], 'x-custom': 1 })}.${b64url({})}.${signature}`;
		expect(verifyRs256Jwt(crit ?? manualCrit, keyFor, options).valid).toBe(false);
		expect(verifyRs256Jwt(manualCrit, keyFor, options)).toMatchObject({ reason: 'critical header extensions are not supported' });
	});

	test('ignores a key embedded in the header (jwk) and refuses RSA keys under 2048 bits', async () => {
		const attacker = rsa();
		const embedded = await new SignJWT({})
			.setProtectedHeader({ alg: 'RS256', kid: 'current', jwk: await exportJWK(attacker.publicKey) } as never)
			.sign(attacker.privateKey);
		expect(verifyRs256Jwt(embedded, keyFor, options)).toMatchObject({ valid: false, reason: 'signature does not match' });

		const weak = rsa(1024);
		// jose refuses to sign with a weak key, so sign by hand.
		const weakInput = `${b64url({ alg: 'RS256', kid: 'weak' })}.${b64url({})}`;
		const weakToken = `${weakInput}.${sign('RSA-SHA256', Buffer.from(weakInput), weak.privateKey).toString('base64url')}`;
		expect(verifyRs256Jwt(weakToken, () => weak.publicKey, options)).toMatchObject({
			valid: false,
			reason: 'signing key is not an RSA key of 2048 bits or more',
		});
	});

	test('refuses what is not exactly a compact JWS of a JSON-object header with a string kid', async () => {
		const valid = await mint();
		expect(verifyRs256Jwt(`${valid}.AAAA`, keyFor, options)).toEqual({ valid: false, reason: 'not a compact JWS' });
		const [, payload, signature] = valid.split('.');
		for (const header of [null, [], 'RS256', 1]) {
			expect(verifyRs256Jwt(`${b64url(header)}.${payload}.${signature}`, keyFor, options)).toEqual({ valid: false, reason: 'malformed header' });
		}
		expect(verifyRs256Jwt(`${b64url({ alg: 'RS256', kid: 7 })}.${payload}.${signature}`, keyFor, options)).toEqual({ valid: false, reason: 'malformed kid' });
	});

	test('refuses a signed time claim that JSON reads as Infinity, and a signed payload that is not an object', () => {
		const signedBy = (payloadJson: string) => {
			const input = `${b64url({ alg: 'RS256', kid: 'current' })}.${Buffer.from(payloadJson).toString('base64url')}`;
			return `${input}.${sign('RSA-SHA256', Buffer.from(input), current.privateKey).toString('base64url')}`;
		};
		expect(verifyRs256Jwt(signedBy('{"exp":1e400}'), keyFor, options)).toEqual({ valid: false, reason: '"exp" claim must be a number' });
		expect(verifyRs256Jwt(signedBy('{"nbf":-1e400}'), keyFor, options)).toEqual({ valid: false, reason: '"nbf" claim must be a number' });
		expect(verifyRs256Jwt(signedBy('[1]'), keyFor, options)).toEqual({ valid: false, reason: 'payload is not a JSON object', malformedPayload: true });
	});

	test('refuses an RSA-PSS key, even of 2048 bits: only plain RSA keys verify RS256', () => {
		const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
		const input = `${b64url({ alg: 'RS256', kid: 'pss' })}.${b64url({})}`;
		const token = `${input}.${sign('RSA-SHA256', Buffer.from(input), pss.privateKey).toString('base64url')}`;
		expect(verifyRs256Jwt(token, () => pss.publicKey, options)).toEqual({
			valid: false,
			reason: 'signing key is not an RSA key of 2048 bits or more',
		});
	});

	test('property: changing any single character of a valid token is always refused', async () => {
		const valid = await mint({ exp: NOW + 300, iat: NOW, sub: 'learner-1' });
		expect(verifyRs256Jwt(valid, keyFor, options).valid).toBe(true);
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
		let runs = 0;
		fc.assert(
			fc.property(fc.nat({ max: valid.length - 1 }), fc.constantFrom(...alphabet), (position, replacement) => {
				fc.pre(valid[position] !== replacement);
				runs += 1;
				const tampered = `${valid.slice(0, position)}${replacement}${valid.slice(position + 1)}`;
				return !verifyRs256Jwt(tampered, keyFor, options).valid;
			}),
			{ numRuns: 3000 },
		);
		expect(runs).toBe(3000);
		propertyRuns.rs256SingleCharacter = runs;
	});

	test('differential: accepts exactly the tokens jose accepts over a generated corpus', async () => {
		// Weighted towards well-formed tokens, so that both answers are common and every boundary is crossed.
		const header = fc
			.tuple(
				fc.record({
					alg: fc.oneof({ arbitrary: fc.constant('RS256'), weight: 12 }, fc.constantFrom('HS256', 'none', 'RS384', 'RS512', 'PS256', 'ES256', 'rs256', '')),
					kid: fc.oneof({ arbitrary: fc.constant('current'), weight: 12 }, fc.constantFrom('stale', 7, '')),
					typ: fc.constantFrom('JWT', 'at+jwt'),
				}),
				fc.oneof(
					{ arbitrary: fc.constant({}), weight: 10 },
					fc.constantFrom<Record<string, unknown>>(
						{ crit: ['exp'] },
						{ crit: ['x-ext'], 'x-ext': 1 },
						{ crit: [] },
						{ crit: 'b64' },
						{ b64: false },
						{ jku: 'http://127.0.0.1:1/keys.json' },
						{ x5u: 'http://127.0.0.1:1/cert.pem' },
						{ x5c: ['AAAA'] },
					),
				),
			)
			.map(([base, extension]) => ({ ...base, ...extension }));
		const time = (validFrom: number, validTo: number) =>
			fc.oneof(
				{ arbitrary: fc.integer({ min: validFrom, max: validTo }), weight: 6 },
				{ arbitrary: fc.integer({ min: NOW - 200, max: NOW + 200 }), weight: 3 },
				fc.constantFrom('soon', null, 1.5e12, -1, 0),
			);
		const payload = fc.record(
			{
				exp: time(NOW + 1, NOW + 3600),
				nbf: time(NOW - 3600, NOW),
				iat: time(NOW - 3600, NOW),
				metadata: fc.constant({ event_name: 'course_completed' }),
				sub: fc.string(),
			},
			{ requiredKeys: [] },
		);
		const mutation = fc.oneof(
			{ arbitrary: fc.constant('none'), weight: 14 },
			fc.constantFrom('flipSignature', 'flipPayload', 'swapKey', 'truncate', 'dropSignature', 'embedAttackerJwk', 'payloadNotObject', 'respellSignature'),
			fc.record({ flipCharacterAt: fc.nat(), to: fc.constantFrom(...'AQgw_-.') }),
		);
		const attacker = rsa();
		const publicJwk = createPublicKey(current.publicKey.export({ type: 'spki', format: 'pem' }));
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const tally = { runs: 0, accepted: 0, refused: 0, respelled: 0 };

		await fc.assert(
			fc.asyncProperty(header, payload, mutation, async (protectedHeader, claims, how) => {
				tally.runs += 1;
				let signedHeader: Record<string, unknown> = protectedHeader;
				let signingKey = current.privateKey;
				let signedPayload: unknown = claims;
				if (how === 'swapKey') signingKey = other.privateKey;
				if (how === 'embedAttackerJwk') {
					signedHeader = { ...protectedHeader, jwk: await exportJWK(attacker.publicKey) };
					signingKey = attacker.privateKey;
				}
				if (how === 'payloadNotObject') signedPayload = [claims];
				const input = `${b64url(signedHeader)}.${b64url(signedPayload)}`;
				const signature = sign('RSA-SHA256', Buffer.from(input), signingKey);
				if (how === 'flipSignature') signature[7] ^= 1;
				let token = `${input}.${signature.toString('base64url')}`;
				if (how === 'flipPayload') token = `${b64url(signedHeader)}.${b64url({ ...claims, extra: 1 })}.${signature.toString('base64url')}`;
				if (how === 'truncate') token = token.slice(0, -3);
				if (how === 'dropSignature') token = `${input}.`;
				if (how === 'respellSignature') {
					// Same signature bytes, spelled with non-zero unused bits in the last character.
					token = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token.at(-1) as string) ^ 1]}`;
				}
				if (typeof how === 'object') {
					const position = how.flipCharacterAt % token.length;
					token = `${token.slice(0, position)}${how.to}${token.slice(position + 1)}`;
				}

				const ours = verifyRs256Jwt(token, keyFor, options).valid;
				const theirs = await jwtVerify(
					token,
					async (jwtHeader) => {
						if (jwtHeader.kid !== 'current') throw new Error('unknown kid');
						return publicJwk;
					},
					{
						algorithms: ['RS256'],
						clockTolerance: options.clockSkewSeconds,
						currentDate: new Date(NOW * 1000),
						// jose checks iat against the clock only through maxTokenAge; ours always refuses a future iat.
						// A century never binds otherwise (iat 0 is 56 years before NOW).
						...(typeof claims.iat === 'number' ? { maxTokenAge: 100 * 365 * 24 * 3600 } : {}),
					},
				).then(
					() => true,
					() => false,
				);
				if (ours) tally.accepted += 1;
				else tally.refused += 1;
				const signaturePart = token.split('.')[2] ?? '';
				if (theirs && Buffer.from(signaturePart, 'base64url').toString('base64url') !== signaturePart) {
					// The one deliberate difference: jose reads a re-spelled signature as the original,
					// ours accepts one spelling only, so a captured token cannot be re-sent as "new".
					tally.respelled += 1;
					expect(ours).toBe(false);
					return;
				}
				expect(ours).toBe(theirs);
			}),
			{ numRuns: 4000 },
		);
		expect(tally.runs).toBe(4000);
		// The corpus must exercise both answers, or the comparison proves little.
		expect(tally.accepted).toBeGreaterThan(400);
		expect(tally.refused).toBeGreaterThan(400);
		expect(tally.respelled).toBeGreaterThan(0);
		propertyRuns.rs256DifferentialAgainstJose = tally.runs;
		propertyRuns.rs256DifferentialAccepted = tally.accepted;
		propertyRuns.rs256DifferentialRefused = tally.refused;
	});
});

describe('JWKS cache', () => {
	const jwk = async (publicKey: KeyObject, kid: string) => ({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });

	test('a flood of unknown kids refetches at most once per interval, concurrent misses share a fetch', async () => {
		const cache = new JwksCache({ minRefetchIntervalMs: 30_000, maxAgeMs: 86_400_000 });
		const document = { keys: [await jwk(current.publicKey, 'current')] };
		let fetches = 0;
		const fetchJwks = async () => {
			fetches += 1;
			return document;
		};
		const now = 1_000_000;
		const lookups = await Promise.all(
			Array.from({ length: 500 }, (_, index) => cache.key('https://jwks.test/keys', `bogus-${index}`, fetchJwks, now)),
		);
		expect(lookups.every((lookup) => 'key' in lookup && lookup.key === undefined)).toBe(true);
		for (let index = 0; index < 10_000; index++) await cache.key('https://jwks.test/keys', `bogus-${index}`, fetchJwks, now + 29_000);
		expect(fetches).toBe(1);

		// After the interval a new kid (a rotation) is fetched again, once.
		document.keys.push(await jwk(other.publicKey, 'next'));
		const rotated = await cache.key('https://jwks.test/keys', 'next', fetchJwks, now + 31_000);
		expect('key' in rotated && rotated.key?.equals(other.publicKey)).toBe(true);
		expect(fetches).toBe(2);
	});

	test('an unreachable JWKS is unavailable until it answers; earlier keys keep working', async () => {
		const cache = new JwksCache({ minRefetchIntervalMs: 1000, maxAgeMs: 86_400_000 });
		let up = false;
		const fetchJwks = async () => {
			if (!up) throw new Error('connect ECONNREFUSED');
			return { keys: [await jwk(current.publicKey, 'current')] };
		};
		expect(await cache.key('u', 'current', fetchJwks, 0)).toEqual({ unavailable: 'The JWKS at u could not be read: connect ECONNREFUSED' });
		expect(await cache.key('u', 'current', fetchJwks, 500)).toEqual({
			unavailable: 'The JWKS at u could not be read: connect ECONNREFUSED (next attempt in under 1 s)',
		});
		up = true;
		expect('key' in (await cache.key('u', 'current', fetchJwks, 1000))).toBe(true);
		up = false;
		const stillKnown = await cache.key('u', 'current', fetchJwks, 100_000);
		expect('key' in stillKnown && stillKnown.key !== undefined).toBe(true);
	});

	test('keys past their age are refetched even for a known kid; a failed refetch keeps the old keys serving', async () => {
		const cache = new JwksCache({ minRefetchIntervalMs: 30_000, maxAgeMs: 3_600_000 });
		let document: unknown = { keys: [await jwk(current.publicKey, 'current')] };
		let fetches = 0;
		const fetchJwks = async () => {
			fetches += 1;
			if (document instanceof Error) throw document;
			return document;
		};
		expect('key' in (await cache.key('u', 'current', fetchJwks, 0))).toBe(true);
		expect(cache.cachedKey('u', 'current', 3_600_000)?.equals(current.publicKey)).toBe(true);

		// Past its age the cached key is withheld, so the caller goes through key(), which refetches.
		expect(cache.cachedKey('u', 'current', 3_600_001)).toBeUndefined();
		document = new Error('socket hang up');
		const duringOutage = await cache.key('u', 'current', fetchJwks, 3_600_001);
		expect('key' in duringOutage && duringOutage.key?.equals(current.publicKey)).toBe(true);
		expect(fetches).toBe(2);
		// Within the refetch interval the old keys serve without another fetch.
		expect(cache.cachedKey('u', 'current', 3_610_000)?.equals(current.publicKey)).toBe(true);

		document = { keys: [await jwk(other.publicKey, 'next')] };
		expect(cache.cachedKey('u', 'current', 3_640_000)).toBeUndefined();
		expect(await cache.key('u', 'current', fetchJwks, 3_640_000)).toEqual({ key: undefined });
		expect(fetches).toBe(3);
	});

	test('a document that is not a JWKS is reported, not cached as empty', async () => {
		const cache = new JwksCache({ minRefetchIntervalMs: 0, maxAgeMs: 86_400_000 });
		expect(await cache.key('u', 'current', async () => '<html>maintenance</html>', 0)).toEqual({
			unavailable: 'The document at u is not a JWKS (no "keys" array)',
		});
	});

	test('a known, fresh kid is served from the cache after the refetch interval, without a fetch', async () => {
		const cache = new JwksCache({ minRefetchIntervalMs: 1000, maxAgeMs: 86_400_000 });
		let fetches = 0;
		const document = { keys: [await jwk(current.publicKey, 'current')] };
		const fetchJwks = async () => (fetches++, document);
		expect('key' in (await cache.key('u', 'current', fetchJwks, 0))).toBe(true);
		const later = await cache.key('u', 'current', fetchJwks, 60_000);
		expect('key' in later && later.key?.equals(current.publicKey)).toBe(true);
		expect(fetches).toBe(1);
	});

	test('reads a JWKS key by its kty, kid, use and alg: RSA keys without use or alg are kept, nothing else', async () => {
		const plain = await exportJWK(current.publicKey);
		const keys = rsaSigningKeys({
			keys: [
				{ ...plain, kid: 'bare' },
				{ ...plain, kid: 'sig', use: 'sig' },
				{ ...plain, kid: 'rs256', alg: 'RS256' },
				{ ...plain, kty: 'EC', kid: 'ec-with-rsa-fields' },
				{ ...plain, kid: 7 },
				{ ...plain },
				null,
			],
		});
		expect([...(keys?.keys() ?? [])]).toEqual(['bare', 'sig', 'rs256']);
		expect(rsaSigningKeys({ keys: 'none' })).toBeUndefined();
		expect(rsaSigningKeys(null)).toBeUndefined();
	});

	test('keeps only RSA signing keys for RS256', async () => {
		const cache = new JwksCache({ minRefetchIntervalMs: 0, maxAgeMs: 86_400_000 });
		const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
		const document = {
			keys: [
				await jwk(current.publicKey, 'rsa'),
				{ ...(await jwk(current.publicKey, 'enc')), use: 'enc' },
				{ ...(await jwk(current.publicKey, 'ps')), alg: 'PS256' },
				{ ...(await exportJWK(ec.publicKey)), kid: 'ec' },
				{ kty: 'RSA', kid: 'broken', n: 'AA', e: 'AQAB' },
			],
		};
		const lookup = async (kid: string) => {
			const result = await cache.key('u', kid, async () => document, 0);
			return 'key' in result ? result.key : 'unavailable';
		};
		const kept = await lookup('rsa');
		expect(kept !== undefined && kept !== 'unavailable' && kept.equals(current.publicKey)).toBe(true);
		for (const kid of ['enc', 'ps', 'ec', 'broken']) expect(await lookup(kid)).toBeUndefined();
	});
});
