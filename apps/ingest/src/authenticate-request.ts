/**
 * API key authentication of machine requests: a bearer token in `Authorization`, or (for trackers that
 * cannot set headers) the key in the URL, checked through the short-lived key cache.
 */
import type { VerifiedApiKey } from '@vigie/db/api-keys-repository';
import type { ApiKeyCache } from './api-key-cache';
import { unauthenticated } from './ingest-error';

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** The key of this token, or a 401 that says whether the key was missing or not recognised. */
export async function authenticate(keys: ApiKeyCache, token: string | undefined): Promise<VerifiedApiKey> {
  if (token === undefined || token === '') {
    throw unauthenticated('Missing API key: send "Authorization: Bearer <key>"');
  }
  // Tokens are short; anything long is not one of ours and is not worth a lookup.
  const key = token.length > 128 ? null : await keys.get(token);
  if (key === null) throw unauthenticated('Unknown or revoked API key');
  return key;
}
