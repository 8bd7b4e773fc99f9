import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { createDb } from '../src/create-db';
import { runSeedLogisticsSuite } from './seed-logistics-suite';

let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${services.databaseUrl})`,
)('PostgreSQL backend', () => {
  runSeedLogisticsSuite(
    'logistics seed on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_seed');
      return createDb({ url: throwaway.url, pool: { max: 2 }, applicationName: 'vigie-seed-tests' });
    },
    async () => throwaway?.drop(),
  );
});
