/** The parsed JSON body of a response: n8n parses JSON answers, but not ones sent as text/html. */
export function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
