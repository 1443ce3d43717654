import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** The key, or why the JWKS could not be read (then the sender should retry later). */
export type KeyLookup = { key: KeyObject | undefined } | { unavailable: string };

export interface JwksCacheOptions {
	/** An unknown kid triggers a refetch at most this often per JWKS URL. */
	minRefetchIntervalMs: number;
	/** Keys are refetched after this age even when every kid is known (rotation, revocation). */
	maxAgeMs: number;
}

interface CachedJwks {
	keys: Map<string, KeyObject>;
	fetchedAt: number;
	lastAttemptAt: number;
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
 * JWKS keys cached per URL for the whole process. A kid that is not cached causes at most one
 * refetch per `minRefetchIntervalMs` (concurrent misses share it), so a flood of made-up kids
 * cannot make the trigger hammer the JWKS endpoint, while a real key rotation is picked up.
 */
export class JwksCache {
	private readonly byUrl = new Map<string, CachedJwks>();
	readonly options: JwksCacheOptions;
	fetchCount = 0;

	constructor(options: JwksCacheOptions) {
		this.options = options;
	}

	/** The key for `kid` (undefined when the JWKS does not have it), or why the JWKS could not be read. */
	async key(url: string, kid: string, fetchJwks: (url: string) => Promise<unknown>, now = Date.now()): Promise<KeyLookup> {
		const pending = this.byUrl.get(url)?.inFlight;
		if (pending) await pending;
		let entry = this.byUrl.get(url);
		const neverFetched = !entry || entry.fetchedAt === 0;
		const mayRefetch = !entry || now - entry.lastAttemptAt >= this.options.minRefetchIntervalMs;
		const stale = !neverFetched && now - (entry as CachedJwks).fetchedAt > this.options.maxAgeMs;
		if (mayRefetch && (neverFetched || stale || !entry?.keys.has(kid))) {
			const refreshed = await this.refresh(url, fetchJwks, now);
			entry = this.byUrl.get(url) as CachedJwks;
			// With keys from an earlier fetch, keep serving them; without any, the sender should retry.
			if ('unavailable' in refreshed && entry.fetchedAt === 0) return refreshed;
		} else if (neverFetched) {
			return { unavailable: `The JWKS at ${url} could not be read yet` };
		}
		return { key: entry?.keys.get(kid) };
	}

	/** Every key currently cached for `url` (used to verify synchronously after `key()`). */
	cachedKey(url: string, kid: string | undefined): KeyObject | undefined {
		return kid === undefined ? undefined : this.byUrl.get(url)?.keys.get(kid);
	}

	clear(): void {
		this.byUrl.clear();
		this.fetchCount = 0;
	}

	private async refresh(
		url: string,
		fetchJwks: (url: string) => Promise<unknown>,
		now: number,
	): Promise<{ ok: true } | { unavailable: string }> {
		const entry = this.byUrl.get(url) ?? { keys: new Map<string, KeyObject>(), fetchedAt: 0, lastAttemptAt: 0 };
		this.byUrl.set(url, entry);
		if (!entry.inFlight) {
			entry.lastAttemptAt = now;
			this.fetchCount += 1;
			entry.inFlight = fetchJwks(url).then(
				(document) => {
					const keys = rsaSigningKeys(document);
					if (!keys) return { unavailable: `The document at ${url} is not a JWKS` };
					entry.keys = keys;
					entry.fetchedAt = now;
					return { ok: true as const };
				},
				(error: Error) => ({ unavailable: `The JWKS at ${url} could not be read: ${error.message}` }),
			);
			void entry.inFlight.then(() => (entry.inFlight = undefined));
		}
		return await entry.inFlight;
	}
}
