/** Whether the database answers: one trivial round trip, for readiness probes. */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import { queryRows } from './sql-rows';

export async function pingDatabase(db: Db): Promise<void> {
  await queryRows(db, sql`SELECT 1 AS ok`);
}
