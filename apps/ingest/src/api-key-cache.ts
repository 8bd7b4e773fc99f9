/**
 * Verified API keys kept in memory for a short time, so the hot path does not ask the database on
 * every request. Unknown tokens are remembered for a shorter time (a client retrying with a bad key
 * costs no query). Concurrent lookups of the same token share one query. A revoked key stops working
 * at the latest `ttlMs` after its revocation.
 */
import type { VerifiedApiKey } from '@vigie/db/api-keys-repository';

export interface ApiKeyCacheOptions {
  /** Asks the key store (`verifyApiKey(db, token)`). */
  verify: (token: string) => Promise<VerifiedApiKey | null>;
  ttlMs: number;
  negativeTtlMs: number;
  /** Entries kept at most; the oldest are dropped first (default 10 000). */
  maxEntries?: number;
  now?: () => number;
}

export interface ApiKeyCache {
  /** The key for this token, or null when it is unknown, revoked or malformed. */
  get(token: string): Promise<VerifiedApiKey | null>;
  /** Forgets everything (after a revocation, in tests). */
  clear(): void;
  readonly size: number;
}

interface Entry {
  key: VerifiedApiKey | null;
  expiresAt: number;
}

export function createApiKeyCache(options: ApiKeyCacheOptions): ApiKeyCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<VerifiedApiKey | null>>();

  function remember(token: string, key: VerifiedApiKey | null): void {
    const ttl = key === null ? options.negativeTtlMs : options.ttlMs;
    if (ttl <= 0) return;
    entries.delete(token);
    entries.set(token, { key, expiresAt: now() + ttl });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  return {
    async get(token) {
      const hit = entries.get(token);
      if (hit !== undefined) {
        if (hit.expiresAt > now()) return hit.key;
        entries.delete(token);
      }
      const inFlight = pending.get(token);
      if (inFlight !== undefined) return inFlight;
      const lookup = options
        .verify(token)
        .then((key) => {
          remember(token, key);
          return key;
        })
        .finally(() => pending.delete(token));
      pending.set(token, lookup);
      return lookup;
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
