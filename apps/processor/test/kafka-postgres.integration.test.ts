import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { kafkaPostgresFixture } from './harness';
import { runProcessorSuite } from './processor-suite';

const available = (await isServiceUp('kafka')) && (await isServiceUp('postgres'));

describeWithService(
  available,
  `Kafka at ${services.kafkaBrokers.join(',')} and PostgreSQL at ${services.databaseUrl}`,
  'run `npm run kafka -- start` and start PostgreSQL with PostGIS',
)('Kafka + PostgreSQL', () => {
  runProcessorSuite('processor on Kafka + PostgreSQL', kafkaPostgresFixture);
});
