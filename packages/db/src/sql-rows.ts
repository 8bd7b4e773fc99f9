/** Runs raw SQL and returns its rows, on either driver. */
import type { SQL } from 'drizzle-orm';
import type { Db } from './database';

/**
 * `db.execute` resolves to the driver's own result object (node-postgres `QueryResult`, PGlite
 * `Results`); both carry `rows`. Raw rows bypass drizzle's column mapping: cast numbers, counts and
 * timestamps in SQL (`::int`, `::float8`, `::text`) and convert them at the call site.
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
