import type { IncomingMessage } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

import { jsonParse } from 'n8n-workflow';

/**
 * What n8n 2.41.1 does with a webhook request's body before a node sees it, for a version-1 node such as
 * the Learning Platform Trigger (webhook-helpers.ts `parseRequestBody` calls `parseBody` for every
 * version-1 start node that has no binaryData option):
 *
 * - packages/cli/src/middlewares/body-parser.ts `rawBodyReader`: a `Content-Encoding` of exactly `gzip`
 *   or `deflate` is inflated (any other value, `GZIP` or `br` included, is kept as sent); `rawBody` is the
 *   inflated bytes, read with raw-body and the limit `${N8N_PAYLOAD_SIZE_MAX}mb` (16 by default), which
 *   applies to the inflated size. Over the limit, or a stream zlib cannot inflate, raw-body rejects with
 *   an error that is not one of n8n's ResponseErrors: `executeWebhook` turns it into an OperationalError
 *   and n8n answers 500 "There was a problem executing the workflow" (webhook-helpers.ts, catch of
 *   `executeWebhook`; response-helper.ts `sendErrorResponse`). The node never runs.
 * - `parseBody`: by the media type (lower case, parameters dropped; @n8n/backend-network
 *   `parseIncomingMessage`, charset defaulting to utf-8): `application/json` with `jsonParse` after
 *   dropping a leading byte order mark; `application/x-www-form-urlencoded` with `querystring.parse`
 *   (maxKeys 1000) after dropping it; `text/plain` as text, BOM kept. A parse failure (a charset Node
 *   cannot decode included) is UnprocessableRequestError: 422 `{ code: 422, message: 'Failed to parse
 *   request body', hint }`. Other types leave `body` unset; `rawBody` keeps every byte, the BOM too.
 *   (`multipart/*` and XML are parsed by n8n as well; neither platform here sends them, so they are not
 *   modelled.)
 */

/** n8n's default `N8N_PAYLOAD_SIZE_MAX`, in MiB (packages/@n8n/config endpoints.config.ts). */
export const N8N_PAYLOAD_SIZE_MAX_MB = 16;

export type WebhookBody =
	| { rawBody: Buffer; body: unknown }
	/** n8n answered before the node ran. */
	| { status: number; answer: { code: number; message: string; hint?: string } };

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

class PayloadTooLarge extends Error {}

/** raw-body over `stream`: every byte, or a rejection once more than `limit` bytes arrived. */
async function readLimited(stream: Readable, limit: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let received = 0;
	for await (const chunk of stream) {
		received += (chunk as Buffer).length;
		if (received > limit) {
			stream.destroy();
			throw new PayloadTooLarge('request entity too large');
		}
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

function mediaType(request: IncomingMessage): { type?: string; charset: string } {
	const header = request.headers['content-type'];
	if (!header) return { charset: 'utf-8' };
	const [type, ...parameters] = header.split(';');
	let charset = 'utf-8';
	for (const parameter of parameters) {
		const [key, value = ''] = parameter.split('=');
		if (key.trim().toLowerCase() === 'charset') charset = value.trim().replace(/^"|"$/g, '');
	}
	return { type: type.toLowerCase(), charset: charset.toLowerCase() };
}

function parsed(raw: Buffer, type: string | undefined, charset: string): unknown {
	if (!raw.length) return undefined;
	const text = () => raw.toString(charset as BufferEncoding);
	if (type === 'application/json') return jsonParse(stripBom(text()));
	if (type === 'application/x-www-form-urlencoded') return { ...parseQueryString(stripBom(text()), undefined, undefined, { maxKeys: 1000 }) };
	if (type === 'text/plain') return text();
	return undefined;
}

export async function readWebhookBody(request: IncomingMessage, limitMb = N8N_PAYLOAD_SIZE_MAX_MB): Promise<WebhookBody> {
	const encoding = request.headers['content-encoding'];
	let stream: Readable = request;
	if (encoding === 'gzip') stream = request.pipe(createGunzip());
	if (encoding === 'deflate') stream = request.pipe(createInflate());
	let rawBody: Buffer;
	try {
		rawBody = await readLimited(stream, limitMb * 1024 * 1024);
	} catch {
		// Drain what is left so the client gets its answer instead of a reset connection.
		request.resume();
		return { status: 500, answer: { code: 0, message: 'There was a problem executing the workflow' } };
	}
	const { type, charset } = mediaType(request);
	try {
		return { rawBody, body: parsed(rawBody, type, charset) };
	} catch (error) {
		return { status: 422, answer: { code: 422, message: 'Failed to parse request body', hint: (error as Error).message } };
	}
}
