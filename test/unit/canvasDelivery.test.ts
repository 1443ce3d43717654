// What the trigger accepts from Canvas (canvas.ts): unsigned JSON only when allowed and only as an object with an
// event name, signed tokens verified against the JWKS cache with one fetch per unknown key, and allowed hosts.
import { generateKeyPairSync } from 'node:crypto';

import { SignJWT, exportJWK } from 'jose';

import { JwksCache } from '../../nodes/shared/crypto/jwksCache';
import type { CanvasOptions } from '../../nodes/LearningPlatformTrigger/canvas';
import { receiveCanvas } from '../../nodes/LearningPlatformTrigger/canvas';
import { fingerprint } from '../../nodes/LearningPlatformTrigger/fingerprint';

const JWKS_URL = 'https://jwks.example.test/jwks';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NOW_MS = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const EVENT = { metadata: { event_name: 'course_completed', hostname: 'school.instructure.com' }, body: { user: { id: '7' } } };

async function jwks() {
	return { keys: [{ ...(await exportJWK(publicKey)), kid: 'current', alg: 'RS256', use: 'sig' }] };
}

async function mint(payload: Record<string, unknown> = EVENT, kid = 'current') {
	return await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuedAt(NOW_MS / 1000).sign(privateKey);
}

function canvasOptions(overrides: Partial<CanvasOptions> = {}) {
	const fetched: string[] = [];
	const options: CanvasOptions = {
		jwksUrl: JWKS_URL,
		acceptUnsigned: false,
		clockSkewSeconds: 60,
		allowedHosts: ['school.instructure.com'],
		jwksCache: new JwksCache({ minRefetchIntervalMs: 30_000, maxAgeMs: 86_400_000 }),
		fetchJwks: async (url) => {
			fetched.push(url);
			return await jwks();
		},
		now: NOW_MS,
		...overrides,
	};
	return { options, fetched };
}

const unsigned = (body: string) => receiveCanvas(Buffer.from(body), canvasOptions({ acceptUnsigned: true }).options);

describe('an unsigned Canvas body, where the user allowed unsigned events', () => {
	test.each([
		['not JSON', '{"metadata":', 'Body is neither a signed JWT nor JSON'],
		['null', 'null', 'Body is not a JSON object'],
		['a number', '5', 'Body is not a JSON object'],
		['an array', '[{"metadata":{"event_name":"course_completed"}}]', 'Body is not a JSON object'],
		['an object without metadata', '{"body":{}}', 'Event has no metadata.event_name'],
		['an object with null metadata', '{"metadata":null}', 'Event has no metadata.event_name'],
		['an object whose metadata is a string', '{"metadata":"course_completed"}', 'Event has no metadata.event_name'],
		['an empty event name', '{"metadata":{"event_name":""}}', 'Event has no metadata.event_name'],
		['a numeric event name', '{"metadata":{"event_name":5}}', 'Event has no metadata.event_name'],
	])('that is %s is answered 400 with the reason', async (_, body, message) => {
		await expect(unsigned(body)).resolves.toStrictEqual({ rejected: { status: 400, message } });
	});

	test('is accepted with its event and a delivery id from its content', async () => {
		await expect(unsigned(JSON.stringify(EVENT))).resolves.toStrictEqual({
			accepted: { event: 'course_completed', deliveryId: `canvas:sha256:${fingerprint(EVENT)}`, payload: EVENT },
		});
	});

	test('from a host that is not allowed is answered 403; without any hostname too, unless any host is allowed', async () => {
		const other = { ...EVENT, metadata: { ...EVENT.metadata, hostname: 'other.instructure.com' } };
		await expect(unsigned(JSON.stringify(other))).resolves.toStrictEqual({ rejected: { status: 403, message: 'Event comes from a Canvas host that is not allowed' } });
		const noHost = JSON.stringify({ metadata: { event_name: 'course_completed' } });
		await expect(unsigned(noHost)).resolves.toMatchObject({ rejected: { status: 403 } });
		await expect(receiveCanvas(Buffer.from(noHost), canvasOptions({ acceptUnsigned: true, allowedHosts: ['*'] }).options)).resolves.toMatchObject({
			accepted: { event: 'course_completed' },
		});
	});
});

describe('a signed Canvas token', () => {
	test('surrounded by white space (a trailing newline) is verified and accepted', async () => {
		const { options } = canvasOptions();
		const result = await receiveCanvas(Buffer.from(`\n${await mint()}\r\n`), options);
		expect(result).toMatchObject({ accepted: { event: 'course_completed', payload: { ...EVENT, iat: NOW_MS / 1000 } } });
	});

	test('is verified with the cached key once it is known: the JWKS is fetched once for many tokens', async () => {
		const { options, fetched } = canvasOptions();
		for (let index = 0; index < 3; index++) {
			const result = await receiveCanvas(Buffer.from(await mint({ ...EVENT, body: { index } })), options);
			expect(result).toMatchObject({ accepted: { event: 'course_completed' } });
		}
		expect(fetched).toEqual([JWKS_URL]);
	});

	test('and its retry, re-signed later, have the same delivery id: the token claims are not part of it', async () => {
		const { options } = canvasOptions();
		const first = await receiveCanvas(Buffer.from(await mint()), options);
		const resigned = await receiveCanvas(Buffer.from(await new SignJWT(EVENT).setProtectedHeader({ alg: 'RS256', kid: 'current' }).setIssuedAt(NOW_MS / 1000 + 30).setJti('retry-1').sign(privateKey)), options);
		expect(first).toMatchObject({ accepted: { deliveryId: `canvas:sha256:${fingerprint(EVENT)}` } });
		expect(resigned).toMatchObject({ accepted: { deliveryId: `canvas:sha256:${fingerprint(EVENT)}` } });
	});

	test('is answered 503 with the cause for the log when the JWKS cannot be read', async () => {
		const { options } = canvasOptions({
			fetchJwks: async () => {
				throw new Error('connect ECONNREFUSED 127.0.0.1:9');
			},
		});
		await expect(receiveCanvas(Buffer.from(await mint()), options)).resolves.toStrictEqual({
			rejected: { status: 503, message: 'Signing keys are unavailable, retry later', detail: expect.stringContaining('ECONNREFUSED') },
		});
	});
});
