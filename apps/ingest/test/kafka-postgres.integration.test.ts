/** The ingest suite on Apache Kafka and PostgreSQL + PostGIS (a database of its own, dropped afterwards). */
import { connectKafkaLog } from '@vigie/bus/kafka-log';
import { createDb } from '@vigie/db/create-db';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { runIngestSuite } from './ingest-suite';

const databaseName = uniqueName('vigie_test_ingest');
const adminUrl = services.databaseUrl;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();

async function admin(statement: string): Promise<void> {
  const database = await createDb({
    url: adminUrl,
    pool: { max: 1 },
    applicationName: 'vigie-ingest-tests-admin',
  });
  try {
    await database.db.execute(statement);
  } finally {
    await database.close();
  }
}

const [kafkaUp, postgresUp] = await Promise.all([isServiceUp('kafka'), isServiceUp('postgres')]);

describeWithService(
  kafkaUp && postgresUp,
  kafkaUp ? 'PostgreSQL' : 'Kafka',
  `start Kafka (npm run kafka -- start) and PostgreSQL with PostGIS, or set VIGIE_TEST_KAFKA_BROKERS / VIGIE_TEST_DATABASE_URL`,
)('Kafka + PostgreSQL', () => {
  runIngestSuite(
    'ingest on Kafka + PostgreSQL',
    async () => {
      await admin(`CREATE DATABASE "${databaseName}"`);
      const db = await createDb({
        url: databaseUrl,
        pool: { max: 4 },
        applicationName: 'vigie-ingest-tests',
      });
      const log = await connectKafkaLog({
        brokers: services.kafkaBrokers,
        clientId: 'vigie-ingest-tests',
        consumer: {
          sessionTimeoutMs: 6_000,
          heartbeatIntervalMs: 300,
          rebalanceTimeoutMs: 3_000,
          maxWaitTimeMs: 100,
        },
      });
      return { db, log };
    },
    () => admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  );
});
