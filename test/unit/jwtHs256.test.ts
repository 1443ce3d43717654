import fc from 'fast-check';
import { decodeProtectedHeader, jwtVerify } from 'jose';

import { signJwtHs256 } from '../../nodes/shared/crypto/jwtHs256';

const key = (secret: string) => new TextEncoder().encode(secret);

// jose's jwtVerify type-checks these claims; the generated payloads leave them out so that any
// rejection can only come from the signature or the encoding.
const REGISTERED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

describe('signJwtHs256', () => {
	test('the header is exactly {"alg":"HS256","typ":"JWT"}', () => {
		const [header] = signJwtHs256({ email: 'a@example.com' }, 'api-key').split('.');
		expect(Buffer.from(header, 'base64url').toString('utf8')).toBe('{"alg":"HS256","typ":"JWT"}');
		expect(decodeProtectedHeader(signJwtHs256({}, 'api-key'))).toEqual({ alg: 'HS256', typ: 'JWT' });
	});

	test('jose verifies the token with the same secret and reads the claims back', async () => {
		const token = signJwtHs256({ email: 'zoë@example.com', exp: 4_102_444_800, nested: { ids: [1, 2] } }, 'api-key');
		const { payload, protectedHeader } = await jwtVerify(token, key('api-key'), { algorithms: ['HS256'] });
		expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
		expect(payload).toEqual({ email: 'zoë@example.com', exp: 4_102_444_800, nested: { ids: [1, 2] } });
	});

	test('jose refuses the token under another secret', async () => {
		const token = signJwtHs256({ email: 'a@example.com' }, 'api-key');
		await expect(jwtVerify(token, key('api-kez'), { algorithms: ['HS256'] })).rejects.toThrow('signature verification failed');
	});

	test('an empty secret is refused instead of signing with it', () => {
		expect(() => signJwtHs256({ email: 'a@example.com' }, '')).toThrow('A JWT signing secret is required');
	});

	test('property: jose verifies every token for any JSON payload and any secret, and a changed secret never verifies', async () => {
		const payload = fc
			.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 })
			.map((claims) => Object.fromEntries(Object.entries(claims).filter(([name]) => !REGISTERED_CLAIMS.has(name))));
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(payload, fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }), async (claims, secret) => {
				runs += 1;
				const token = signJwtHs256(claims, secret);
				const verified = await jwtVerify(token, key(secret), { algorithms: ['HS256'] });
				// JSON is what travels: compare with the payload's JSON round trip (-0 becomes 0).
				expect(verified.payload).toEqual(JSON.parse(JSON.stringify(claims)));
				await expect(jwtVerify(token, key(`${secret}!`), { algorithms: ['HS256'] })).rejects.toThrow();
			}),
			{ numRuns: 500 },
		);
		expect(runs).toBe(500);
	});
});
