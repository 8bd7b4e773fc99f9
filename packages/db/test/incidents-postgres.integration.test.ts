import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { createDb } from '../src/create-db';
import { runIncidentsSuite } from './incidents-suite';

const adminUrl = services.databaseUrl;
let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${adminUrl})`,
)('PostgreSQL backend', () => {
  runIncidentsSuite(
    'incident, command, dispatch and stock repositories on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_incidents');
      return createDb({ url: throwaway.url, pool: { max: 4 }, applicationName: 'vigie-incidents-tests' });
    },
    { concurrent: true },
    async () => throwaway?.drop(),
  );
});
