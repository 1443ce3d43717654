// What the trigger accepts from AcademyOcean once the signature holds (academyOcean.ts): the exact answers to
// bodies that are not a JSON object with an event, and which delivery id a retry is recognised by.
import { createHash, createHmac } from 'node:crypto';

import { receiveAcademyOcean } from '../../nodes/LearningPlatformTrigger/academyOcean';
import { fingerprint } from '../../nodes/LearningPlatformTrigger/fingerprint';

const SECRET = 'academy-ocean-webhook-secret';
const signed = (body: string | Buffer) => {
	const raw = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	return receiveAcademyOcean(raw, createHmac('sha256', SECRET).update(raw).digest('hex'), SECRET);
};

describe('a signed AcademyOcean body', () => {
	test.each([
		['null', 'null', 'Body is not a JSON object'],
		['a number', '5', 'Body is not a JSON object'],
		['a string', '"learner_completed_course"', 'Body is not a JSON object'],
		['an array', '[{"event":"learner_completed_course"}]', 'Body is not a JSON object'],
		['an object without event', '{"id":"1"}', 'Body has no "event" field'],
		['an empty event', '{"event":""}', 'Body has no "event" field'],
		['a numeric event', '{"event":5}', 'Body has no "event" field'],
		['not JSON', '{"event":', 'Body is not valid JSON'],
	])('that is %s is answered 400 with the reason', (_, body, message) => {
		expect(signed(body)).toEqual({ rejected: { status: 400, message } });
	});

	test('with a leading byte order mark is parsed without it; the same character inside a value is kept', () => {
		const body = `\uFEFF{"event":"learner_completed_course","id":"e-1","name":"a\uFEFFb"}`;
		expect(signed(body)).toEqual({
			accepted: { event: 'learner_completed_course', deliveryId: 'academyOcean:id:e-1', payload: { event: 'learner_completed_course', id: 'e-1', name: 'a\uFEFFb' } },
		});
		// Without a leading one, the first byte order mark is inside the value, and stays there.
		expect(signed('{"event":"x","name":"a\uFEFFb"}')).toMatchObject({ accepted: { payload: { name: 'a\uFEFFb' } } });
	});

	test('is recognised by its id when it has a non-empty string id, by the SHA-256 of its content otherwise', () => {
		expect(signed('{"event":"x","id":"e-1"}')).toMatchObject({ accepted: { deliveryId: 'academyOcean:id:e-1' } });
		for (const event of [{ event: 'x', id: '' }, { event: 'x', id: 5 }, { event: 'x' }]) {
			expect(signed(JSON.stringify(event))).toMatchObject({ accepted: { deliveryId: `academyOcean:sha256:${fingerprint(event)}` } });
		}
	});

	test('without a signature, or with a wrong one, is answered 401 before it is read', () => {
		expect(receiveAcademyOcean(Buffer.from('not json'), undefined, SECRET)).toEqual({ rejected: { status: 401, message: 'Missing Signature header' } });
		expect(receiveAcademyOcean(Buffer.from('not json'), 'a'.repeat(64), SECRET)).toEqual({ rejected: { status: 401, message: 'Invalid signature' } });
	});
});

describe('the fingerprint of an event without an id', () => {
	const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

	test('is the SHA-256 of its JSON with keys sorted at every level and undefined members dropped', () => {
		expect(fingerprint({ b: 1, a: { d: [2, { f: 'x', e: null }], c: true }, z: undefined })).toBe(sha256('{"a":{"c":true,"d":[2,{"e":null,"f":"x"}]},"b":1}'));
		// Inside an array, undefined reads as null, as JSON.stringify spells it.
		expect(fingerprint({ a: [undefined, 1] })).toBe(sha256('{"a":[null,1]}'));
	});

	test('is the same for every order of the same keys and different for different values', () => {
		expect(fingerprint({ event: 'x', data: { course: 1, learner: 2 } })).toBe(fingerprint({ data: { learner: 2, course: 1 }, event: 'x' }));
		expect(fingerprint({ event: 'x', data: { course: 1 } })).not.toBe(fingerprint({ event: 'x', data: { course: '1' } }));
	});
});
