import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { createDb } from '../src/create-db';
import { runQueriesSuite } from './queries-suite';

let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${services.databaseUrl})`,
)('read-side queries on PostgreSQL', () => {
  runQueriesSuite(
    'read-side queries on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_queries');
      return createDb({ url: throwaway.url, pool: { max: 4 }, applicationName: 'vigie-queries-tests' });
    },
    async () => throwaway?.drop(),
  );
});
