import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** The key, or why the JWKS could not be read (then the sender should retry later). */
export type KeyLookup = { key: KeyObject | undefined } | { unavailable: string };

export type FetchJwks = (url: string) => Promise<unknown>;

export interface JwksCacheOptions {
	/** A fetch (for an unknown kid, or for keys past their age) happens at most this often per JWKS URL. */
	minRefetchIntervalMs: number;
	/** Keys older than this are refetched even when every kid is known, so a revoked key stops verifying. */
	maxAgeMs: number;
}

interface CachedJwks {
	keys: Map<string, KeyObject>;
	/** When the keys were last read successfully; undefined before that. */
	fetchedAt?: number;
	lastAttemptAt: number;
	/** Why the last fetch failed, repeated while no new fetch is allowed. */
	lastError?: string;
	inFlight?: Promise<{ ok: true } | { unavailable: string }>;
}

/** Public RSA signing keys (2048 bits or more) of a JWKS document, by kid; anything else in it is skipped. Undefined when it is no JWKS. */
export function rsaSigningKeys(document: unknown): Map<string, KeyObject> | undefined {
	const keys = new Map<string, KeyObject>();
	const entries = (document as { keys?: unknown })?.keys;
	if (!Array.isArray(entries)) return undefined;
	for (const jwk of entries as Array<Record<string, unknown>>) {
		if (jwk?.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
		if (jwk.use !== undefined && jwk.use !== 'sig') continue;
		if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
		try {
			const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as never, format: 'jwk' });
			if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) keys.set(jwk.kid, key);
		} catch {
			// A malformed key is skipped like an unknown one: tokens naming it fail verification.
			continue;
		}
	}
	return keys;
}

/**
 * JWKS keys cached per URL for the whole process. Every fetch, whatever caused it, counts against
 * one budget of one fetch per `minRefetchIntervalMs` per URL, and concurrent misses share the fetch
 * in flight, so a flood of made-up kids cannot make the trigger hammer the JWKS endpoint, while a
 * real key rotation is picked up within that interval.
 */
export class JwksCache {
	private readonly byUrl = new Map<string, CachedJwks>();

	readonly options: JwksCacheOptions;

	constructor(options: JwksCacheOptions) {
		this.options = options;
	}

	/**
	 * The cached key for `kid`, without fetching. Undefined when it is not cached, and also when the
	 * keys are past their age and may be refetched, so that the caller goes through `key()`.
	 */
	cachedKey(url: string, kid: string | undefined, now = Date.now()): KeyObject | undefined {
		const entry = this.byUrl.get(url);
		if (kid === undefined || entry?.fetchedAt === undefined) return undefined;
		if (this.isStale(entry, now) && this.mayFetch(entry, now)) return undefined;
		return entry.keys.get(kid);
	}

	/** The key for `kid` (undefined when the JWKS does not have it), or why the JWKS could not be read. */
	async key(url: string, kid: string, fetchJwks: FetchJwks, now = Date.now()): Promise<KeyLookup> {
		const pending = this.byUrl.get(url)?.inFlight;
		if (pending) await pending;
		const entry = this.byUrl.get(url);

		if (entry?.fetchedAt === undefined) {
			if (entry && !this.mayFetch(entry, now)) {
				const why = entry.lastError ?? `The JWKS at ${url} could not be read`;
				return { unavailable: `${why} (next attempt in under ${this.options.minRefetchIntervalMs / 1000} s)` };
			}
			const first = await this.refresh(url, fetchJwks, now);
			if ('unavailable' in first) return first;
		} else if (this.mayFetch(entry, now) && (this.isStale(entry, now) || !entry.keys.has(kid))) {
			// When this fails the keys read earlier keep serving: an outage of the JWKS endpoint
			// must not refuse every event signed with a key that is already known.
			await this.refresh(url, fetchJwks, now);
		}
		return { key: this.byUrl.get(url)?.keys.get(kid) };
	}

	clear(): void {
		this.byUrl.clear();
	}

	private isStale(entry: CachedJwks, now: number): boolean {
		return entry.fetchedAt === undefined || now - entry.fetchedAt > this.options.maxAgeMs;
	}

	private mayFetch(entry: CachedJwks, now: number): boolean {
		return now - entry.lastAttemptAt >= this.options.minRefetchIntervalMs;
	}

	private failed(entry: CachedJwks, why: string): { unavailable: string } {
		entry.lastError = why;
		return { unavailable: why };
	}

	private async refresh(url: string, fetchJwks: FetchJwks, now: number): Promise<{ ok: true } | { unavailable: string }> {
		const entry: CachedJwks = this.byUrl.get(url) ?? { keys: new Map<string, KeyObject>(), lastAttemptAt: -Infinity };
		this.byUrl.set(url, entry);
		if (!entry.inFlight) {
			entry.lastAttemptAt = now;
			entry.inFlight = fetchJwks(url).then(
				(document) => {
					const keys = rsaSigningKeys(document);
					if (!keys) return this.failed(entry, `The document at ${url} is not a JWKS (no "keys" array)`);
					entry.keys = keys;
					entry.fetchedAt = now;
					entry.lastError = undefined;
					return { ok: true as const };
				},
				(error: Error) => this.failed(entry, `The JWKS at ${url} could not be read: ${error.message}`),
			);
			void entry.inFlight.then(() => (entry.inFlight = undefined));
		}
		return await entry.inFlight;
	}
}
