import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { connectKafkaLog } from '../src/kafka-log';
import { runLogConformance } from './conformance';
import { testLogger } from './test-logger';

const describeKafka = describeWithService(
  await isServiceUp('kafka'),
  `Kafka broker at ${services.kafkaBrokers.join(',')}`,
  'run `npm run kafka -- start`',
);

runLogConformance(
  'kafka',
  () =>
    connectKafkaLog({
      brokers: services.kafkaBrokers,
      clientId: uniqueName('conformance'),
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
      // Short group timings keep rebalances quick (the test broker allows sessions from 1 s).
      consumer: {
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 300,
        rebalanceTimeoutMs: 3_000,
        maxWaitTimeMs: 100,
      },
      logger: testLogger,
    }),
  describeKafka,
);
