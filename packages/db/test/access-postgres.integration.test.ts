import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { createDb } from '../src/create-db';
import { runAccessSuite } from './access-suite';

const adminUrl = services.databaseUrl;
// A database of its own per run, created on the admin URL and dropped afterwards.
let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${adminUrl})`,
)('PostgreSQL backend', () => {
  runAccessSuite(
    'access repositories on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_access');
      return createDb({ url: throwaway.url, pool: { max: 4 }, applicationName: 'vigie-access-tests' });
    },
    async () => throwaway?.drop(),
  );
});
