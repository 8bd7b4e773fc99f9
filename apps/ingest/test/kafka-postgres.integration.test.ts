/** The ingest suite on Apache Kafka and PostgreSQL + PostGIS (a database of its own, dropped afterwards). */
import net from 'node:net';
import { KafkaLog, connectKafkaLog } from '@vigie/bus/kafka-log';
import { silentLogger } from '@vigie/bus/logger';
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

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
      // A client pointed at a port where no broker listens: every produce fails with UNAVAILABLE.
      const unavailableLog = async () =>
        new KafkaLog({
          brokers: [`127.0.0.1:${await closedPort()}`],
          retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
          connectionTimeoutMs: 300,
          logger: silentLogger,
        });
      return { db, log, unavailableLog };
    },
    () => admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
  );
});
