const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Normalises a platform instance URL to `https://host[:port][/path]` without a trailing slash.
 * Plain http is refused except on loopback (local proxies and test servers), because the API key
 * travels in every request.
 * Returns the URL, or an error sentence naming what is wrong.
 */
export function normalizeInstanceUrl(input: string): { url: string } | { error: string } {
	const trimmed = input.trim();
	if (!trimmed) return { error: 'is empty' };
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
	let parsed: URL;
	try {
		parsed = new URL(withScheme);
	} catch {
		return { error: `"${trimmed}" is not a valid URL` };
	}
	if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname))) {
		return { error: `must use https:// (got ${parsed.protocol}//${parsed.host})` };
	}
	if (parsed.search || parsed.hash) return { error: 'must not contain a query string or fragment' };
	return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}` };
}
