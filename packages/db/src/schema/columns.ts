/** Column and constraint helpers shared by the table definitions. */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { check, customType, jsonb, timestamp } from 'drizzle-orm/pg-core';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** `timestamptz`, read as a `Date`. */
export function tstz(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date' });
}

/** `jsonb NOT NULL DEFAULT '{}'` typed as a JSON object. */
export function jsonObject(name: string) {
  return jsonb(name).$type<Record<string, unknown>>().notNull().default({});
}

/** PostgreSQL `tsvector`, only ever produced by generated columns and read by `@@`. */
export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

/** CHECK (column IN (...)) for a closed list of text values. */
export function checkOneOf(name: string, column: PgColumn, values: readonly string[]) {
  const list = values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');
  return check(name, sql`${column} IN (${sql.raw(list)})`);
}

/**
 * Text-search configuration for a two-letter language code, as an immutable expression so it can
 * feed a generated column: French and English are stemmed, anything else is indexed as-is.
 */
export function searchConfig(langColumn: string): SQL {
  return sql.raw(
    `CASE ${langColumn} WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END`,
  );
}
