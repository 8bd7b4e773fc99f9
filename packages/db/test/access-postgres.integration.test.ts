import { uniqueName } from '@vigie/testing/unique-name';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import pg from 'pg';
import { createDb } from '../src/create-db';
import { runAccessSuite } from './access-suite';

// A database of its own per run, created on the admin URL and dropped afterwards.
const databaseName = uniqueName('vigie_test_access');
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
  runAccessSuite(
    'access repositories on PostgreSQL + PostGIS',
    async () => {
      await admin(`CREATE DATABASE "${databaseName}"`);
      return createDb({ url: databaseUrl, pool: { max: 4 }, applicationName: 'vigie-access-tests' });
    },
    () => admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  );
});
