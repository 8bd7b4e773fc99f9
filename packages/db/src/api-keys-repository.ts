/**
 * API keys of machine sources (trackers, sensor gateways, feeds, the simulator).
 *
 * Token format: `vk_<id>_<secret>`, where `id` is 16 lower-case hex digits (the row's primary key, so
 * a lookup is one index probe) and `secret` is 32 random bytes in base64url (256 bits). The token is
 * returned once by `createApiKey`; only `sha256:<hex digest of the secret>` is stored.
 *
 * Why SHA-256 and not a memory-hard hash: memory-hard hashes (argon2id, scrypt) exist to slow down
 * guessing of LOW-entropy secrets such as passwords. A 256-bit random secret cannot be guessed, so a
 * fast hash loses nothing, while argon2 on every request would cost tens of milliseconds of CPU and
 * could not sustain the ingest budget (20 000 events/s). Digests are compared in constant time.
 *
 * Scopes say which event kinds a key may send (`events:position`, `events:reading`, `events:report`),
 * whether it may read (`read`), and whether positions from devices not registered yet are accepted
 * and register them (`devices:register`, set by `autoRegisterDevices`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from './database';
import { apiKeys } from './schema/access';

export const API_KEY_SCOPES = [
  'events:position',
  'events:reading',
  'events:report',
  'events:alert',
  'events:inventory',
  'events:media',
  'read',
  'devices:register',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Scope that lets a source's unknown devices in (OsmAnd/Traccar trackers are then registered on first fix). */
export const AUTO_REGISTER_SCOPE: ApiKeyScope = 'devices:register';

const TOKEN_PREFIX = 'vk_';
const ID_HEX_LENGTH = 16;
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^vk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Same charset as an envelope `source` (identifiers without spaces or `|`), at most 64 characters. */
const SOURCE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/;

export interface CreateApiKeyInput {
  /** The data source the key lets in; ingest attributes every event sent with it to this source. */
  source: string;
  scopes: readonly ApiKeyScope[];
  /** Human label shown in the admin pages ("Traccar phones, Les Cayes team"). */
  label?: string;
  /** Accept positions from devices not registered yet (adds the `devices:register` scope). */
  autoRegisterDevices?: boolean;
  /** User id of the admin who created it. */
  createdBy?: string;
}

export interface CreatedApiKey {
  id: string;
  /** The bearer token. Shown once: it cannot be recovered from what is stored. */
  token: string;
}

export interface VerifiedApiKey {
  id: string;
  source: string;
  scopes: ApiKeyScope[];
}

export interface ApiKeyDto {
  id: string;
  source: string;
  label: string | null;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function isScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

function digestOf(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex')}`;
}

/** Splits a token into its id and secret, or null when it does not have the `vk_<id>_<secret>` shape. */
export function parseApiKeyToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  if (match === null) return null;
  return { id: match[1]!, secret: match[2]! };
}

/** Creates a key and returns its token, which is not stored anywhere: show it once. */
export async function createApiKey(db: Db, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  if (!SOURCE_PATTERN.test(input.source)) {
    throw new RangeError(
      `createApiKey: source "${input.source}" must be 1-64 letters, digits or . _ : @ / + # = ~ -`,
    );
  }
  const scopes = new Set<ApiKeyScope>();
  for (const scope of input.scopes) {
    if (!isScope(scope)) throw new RangeError(`createApiKey: unknown scope "${String(scope)}"`);
    scopes.add(scope);
  }
  if (input.autoRegisterDevices) scopes.add(AUTO_REGISTER_SCOPE);
  if (scopes.size === 0) throw new RangeError('createApiKey: at least one scope is required');

  const id = randomBytes(ID_HEX_LENGTH / 2).toString('hex');
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  await db.insert(apiKeys).values({
    id,
    source: input.source,
    name: input.label ?? null,
    keyHash: digestOf(secret),
    scopes: [...scopes].sort(),
    createdBy: input.createdBy ?? null,
  });
  return { id, token: `${TOKEN_PREFIX}${id}_${secret}` };
}

/**
 * Checks a bearer token: the key must exist, not be revoked, and its stored digest must match (compared
 * in constant time). Returns the key's source and scopes, or null. Records when the key was last used.
 */
export async function verifyApiKey(db: Db, token: string): Promise<VerifiedApiKey | null> {
  const parsed = parseApiKeyToken(token);
  if (parsed === null) return null;
  const [row] = await db
    .select({ id: apiKeys.id, source: apiKeys.source, keyHash: apiKeys.keyHash, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, parsed.id), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (row === undefined) return null;
  const expected = Buffer.from(row.keyHash, 'utf8');
  const actual = Buffer.from(digestOf(parsed.secret), 'utf8');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  return { id: row.id, source: row.source, scopes: row.scopes.filter(isScope) };
}

/** Revokes a key (kept for the audit trail). Returns false when there is no such active key. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Keys, oldest first; revoked ones only when asked. Never returns digests. */
export async function listApiKeys(
  db: Db,
  options: { source?: string; includeRevoked?: boolean } = {},
): Promise<ApiKeyDto[]> {
  const conditions = [];
  if (options.source !== undefined) conditions.push(eq(apiKeys.source, options.source));
  if (!options.includeRevoked) conditions.push(isNull(apiKeys.revokedAt));
  const rows = await db
    .select({
      id: apiKeys.id,
      source: apiKeys.source,
      label: apiKeys.name,
      scopes: apiKeys.scopes,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(conditions.length === 0 ? undefined : and(...conditions))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  return rows.map((row) => ({ ...row, scopes: row.scopes.filter(isScope) }));
}
