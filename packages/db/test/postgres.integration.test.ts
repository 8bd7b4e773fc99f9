import { uniqueName } from '@vigie/testing/unique-name';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import pg from 'pg';
import { expect } from 'vitest';
import { createDb } from '../src/create-db';
import { runDbSuite } from './db-suite';

// A database of its own per run, created on the admin URL and dropped afterwards.
const databaseName = uniqueName('vigie_test');
const adminUrl = services.databaseUrl;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${adminUrl})`,
)('PostgreSQL backend', () => {
  runDbSuite(
    'PostgreSQL + PostGIS',
    async () => {
      await admin(`CREATE DATABASE "${databaseName}"`);
      const database = await createDb({
        url: databaseUrl,
        pool: { max: 4 },
        applicationName: 'vigie-db-tests',
      });
      expect(database.kind).toBe('postgres');
      return database;
    },
    () => admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  );
});
