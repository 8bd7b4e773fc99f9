import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { expect } from 'vitest';
import { createDb } from '../src/create-db';
import { runDbSuite } from './db-suite';

const adminUrl = services.databaseUrl;
// A database of its own per run, created on the admin URL and dropped afterwards.
let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${adminUrl})`,
)('PostgreSQL backend', () => {
  runDbSuite(
    'PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test');
      const database = await createDb({
        url: throwaway.url,
        pool: { max: 4 },
        applicationName: 'vigie-db-tests',
      });
      expect(database.kind).toBe('postgres');
      return database;
    },
    async () => throwaway?.drop(),
  );
});
