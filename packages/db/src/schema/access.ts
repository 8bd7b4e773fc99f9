/** People, their sessions, machine API keys, and the audit log of who did what. */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { checkOneOf, jsonObject, tstz } from './columns';
import { AUDIT_OUTCOMES, USER_ROLES } from './values';

export const userRole = pgEnum('user_role', USER_ROLES);

export const users = pgTable(
  'users',
  {
    id: text('id')
      .primaryKey()
      .default(sql`gen_random_uuid()::text`),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Memory-hard hash (argon2id/scrypt) in PHC string format. */
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    locale: text('locale').notNull().default('fr'),
    /** Field staff: the team or vehicle asset they work with (its crew follows its dispatches). */
    assetId: text('asset_id'),
    /** Field staff: ISO 3166 alpha-3 codes of the areas they cover (empty: what is near them only). */
    regions: text('regions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    lastLoginAt: tstz('last_login_at'),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** Hash of the cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    lastSeenAt: tstz('last_seen_at'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    /** The data source this key lets in (ingest attributes every event to it). */
    source: text('source').notNull(),
    name: text('name'),
    keyHash: text('key_hash').notNull().unique('api_keys_key_hash_key'),
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [index('api_keys_source_idx').on(t.source)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz('at').notNull().defaultNow(),
    /** User id, API key id, or `system:<component>`. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    outcome: text('outcome').notNull(),
    ip: text('ip'),
    detail: jsonObject('detail'),
  },
  (t) => [
    checkOneOf('audit_log_outcome_check', t.outcome, AUDIT_OUTCOMES),
    index('audit_log_actor_at_idx').on(t.actor, t.at),
    index('audit_log_at_brin').using('brin', t.at),
  ],
);
