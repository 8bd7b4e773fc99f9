/** The import endpoints on Apache Kafka and PostgreSQL + PostGIS (a throwaway database). */
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import { createDb } from '@vigie/db/create-db';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { runImportsSuite } from './imports-suite';

const [kafkaUp, postgresUp] = await Promise.all([isServiceUp('kafka'), isServiceUp('postgres')]);
let database: ThrowawayDatabase | undefined;

describeWithService(
  kafkaUp && postgresUp,
  kafkaUp ? 'PostgreSQL' : 'Kafka',
  'start Kafka and PostgreSQL with PostGIS, or set VIGIE_TEST_KAFKA_BROKERS / VIGIE_TEST_DATABASE_URL',
)('imports on Kafka + PostgreSQL', () => {
  runImportsSuite(
    'imports on Kafka + PostgreSQL',
    async () => {
      database = await createThrowawayDatabase('vigie_test_imports');
      const db = await createDb({
        url: database.url,
        pool: { max: 4 },
        applicationName: 'vigie-import-tests',
      });
      const log = await connectKafkaLog({
        brokers: services.kafkaBrokers,
        clientId: 'vigie-import-tests',
        consumer: {
          sessionTimeoutMs: 6_000,
          heartbeatIntervalMs: 300,
          rebalanceTimeoutMs: 3_000,
          maxWaitTimeMs: 100,
        },
      });
      return { db, log, unavailableLog: () => Promise.reject(new Error('not used by the import suite')) };
    },
    async () => database?.drop(),
  );
});
