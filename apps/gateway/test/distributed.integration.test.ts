// The gateway on the distributed backends: PostgreSQL + PostGIS, Kafka, and the socket.io Redis adapter.
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { runGatewaySuite } from './gateway-suite';

const [postgres, kafka, redis] = await Promise.all([
  isServiceUp('postgres'),
  isServiceUp('kafka'),
  isServiceUp('redis'),
]);

runGatewaySuite(
  'distributed',
  describeWithService(
    postgres && kafka && redis,
    'PostgreSQL, Kafka and Redis',
    `start them or set VIGIE_TEST_DATABASE_URL / VIGIE_TEST_KAFKA_BROKERS / VIGIE_TEST_REDIS_URL (now ${services.databaseUrl}, ${services.kafkaBrokers.join(',')}, ${services.redisUrl})`,
  ),
);
