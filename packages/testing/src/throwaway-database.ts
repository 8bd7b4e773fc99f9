/**
 * A PostgreSQL database of a test's own, created on the admin URL (`services.databaseUrl`) and dropped
 * afterwards, so suites never share state and can run in parallel.
 */
import pg from 'pg';
import { services } from './services';
import { uniqueName } from './unique-name';

export interface ThrowawayDatabase {
  readonly name: string;
  /** Connection URL of the new database. */
  readonly url: string;
  /** Drops it, closing whatever connections are still open. */
  drop(): Promise<void>;
}

/** Runs one statement on the admin connection. */
export async function adminQuery(statement: string, adminUrl = services.databaseUrl): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createThrowawayDatabase(
  prefix = 'vigie_test',
  adminUrl = services.databaseUrl,
): Promise<ThrowawayDatabase> {
  const name = uniqueName(prefix);
  await adminQuery(`CREATE DATABASE "${name}"`, adminUrl);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, adminUrl),
  };
}
