/**
 * The database handle every repository function receives.
 *
 * `Db` is drizzle's PostgreSQL database typed with the schema, whichever driver is underneath
 * (node-postgres or PGlite); a transaction (`tx` inside `db.transaction(...)`) is also a `Db`, so a
 * repository function can join the caller's transaction simply by being passed `tx`.
 */
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Schema } from './schema';

export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbKind = 'postgres' | 'pglite';

export interface Database {
  /** Which backend is underneath. */
  readonly kind: DbKind;
  readonly db: Db;
  /** Applies pending migrations from `packages/db/drizzle` (idempotent). */
  migrate(): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * On PGlite (one connection) transactions and queries are serialised: while one transaction runs,
   * every other query waits, so `fn` must use `tx`, never the outer `db`, or it waits on itself.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Releases the pool or closes PGlite (flushing its data directory). */
  close(): Promise<void>;
}
