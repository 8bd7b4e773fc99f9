import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { createDb } from '../src/create-db';
import { runMediaSuite } from './media-suite';

let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${services.databaseUrl})`,
)('PostgreSQL backend', () => {
  runMediaSuite(
    'media repository on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_media');
      return createDb({ url: throwaway.url, pool: { max: 2 }, applicationName: 'vigie-media-tests' });
    },
    async () => throwaway?.drop(),
  );
});
