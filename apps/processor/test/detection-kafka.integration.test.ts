import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { runDetectionSuite } from './detection-suite';
import { kafkaPostgresFixture } from './harness';

const available = (await isServiceUp('kafka')) && (await isServiceUp('postgres'));

describeWithService(
  available,
  `Kafka at ${services.kafkaBrokers.join(',')} and PostgreSQL at ${services.databaseUrl}`,
  'run `npm run kafka -- start` and start PostgreSQL with PostGIS',
)('Kafka + PostgreSQL', () => {
  runDetectionSuite('detection on Kafka + PostgreSQL', kafkaPostgresFixture);
});
