import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import type { WebhookBody } from './webhookBody.ts';
import { readWebhookBody } from './webhookBody.ts';

// The model of n8n's body handling (webhookBody.ts) over real HTTP, case by case against body-parser.ts.

async function send(body: Buffer | string, headers: Record<string, string>, limitMb?: number): Promise<WebhookBody> {
	let read: WebhookBody | undefined;
	const server = createServer((request, response) => {
		void readWebhookBody(request, limitMb).then((result) => {
			read = result;
			response.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', body, headers });
	} finally {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
	if (!read) throw new Error('no body was read');
	return read;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

test.each<[string, Buffer | string, Record<string, string>, unknown]>([
	['JSON, BOM dropped for parsing', Buffer.concat([BOM, Buffer.from('{"a":1}')]), { 'content-type': 'application/json' }, { a: 1 }],
	['JSON with a charset parameter', '{"a":"é"}', { 'content-type': 'Application/JSON; charset=UTF-8' }, { a: 'é' }],
	['a form, BOM dropped, repeated keys as a list', Buffer.concat([BOM, Buffer.from('a=1&a=2&b=x')]), { 'content-type': 'application/x-www-form-urlencoded' }, { a: ['1', '2'], b: 'x' }],
	['text/plain, BOM kept', Buffer.concat([BOM, Buffer.from('hi')]), { 'content-type': 'text/plain' }, '\uFEFFhi'],
	['another media type: no body', '{"a":1}', { 'content-type': 'application/jwt' }, undefined],
	['an empty body', '', { 'content-type': 'application/json' }, undefined],
])('%s', async (_name, body, headers, expected) => {
	const read = await send(body, headers);
	expect('rawBody' in read && read.body).toEqual(expected);
	expect('rawBody' in read && read.rawBody.equals(Buffer.from(body))).toBe(true);
});

test('a form keeps its first 1,000 keys (querystring maxKeys)', async () => {
	const read = await send(Array.from({ length: 1200 }, (_, index) => `k${index}=v`).join('&'), { 'content-type': 'application/x-www-form-urlencoded' });
	expect(Object.keys('rawBody' in read ? (read.body as object) : {})).toHaveLength(1000);
});

test('only the exact encodings gzip and deflate are inflated', async () => {
	const compressed = gzipSync('{"a":1}');
	const inflated = await send(compressed, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
	expect(inflated).toEqual({ rawBody: Buffer.from('{"a":1}'), body: { a: 1 } });
	const kept = await send(compressed, { 'content-type': 'application/octet-stream', 'content-encoding': 'GZIP' });
	expect(kept).toEqual({ rawBody: compressed, body: undefined });
});

test.each<[string, Buffer | string, Record<string, string>, WebhookBody]>([
	['JSON that does not parse', '{"a":', { 'content-type': 'application/json' }, { status: 422, answer: { code: 422, message: 'Failed to parse request body', hint: expect.stringContaining('JSON') as unknown as string } }],
	['a charset Node cannot decode', 'a=1', { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' }, { status: 422, answer: { code: 422, message: 'Failed to parse request body', hint: 'Unknown encoding: klingon' } }],
	['gzip that does not inflate', Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }, { status: 500, answer: { code: 0, message: 'There was a problem executing the workflow' } }],
])('%s is answered by n8n', async (_name, body, headers, expected) => {
	expect(await send(body, headers)).toEqual(expected);
});

test('the size limit counts the inflated bytes', async () => {
	const big = 'x'.repeat(1024 * 1024 + 1);
	expect(await send(gzipSync(big), { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, 1)).toEqual({
		status: 500,
		answer: { code: 0, message: 'There was a problem executing the workflow' },
	});
	expect('rawBody' in (await send(gzipSync(big.slice(1)), { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, 1))).toBe(true);
});
