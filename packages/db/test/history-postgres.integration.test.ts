import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { createDb } from '../src/create-db';
import { runHistorySuite } from './history-suite';

let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${services.databaseUrl})`,
)('PostgreSQL backend', () => {
  runHistorySuite(
    'history, replay, search and export on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_history');
      return createDb({ url: throwaway.url, pool: { max: 4 }, applicationName: 'vigie-history-tests' });
    },
    async () => throwaway?.drop(),
  );
});
