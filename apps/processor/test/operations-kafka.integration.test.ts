import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { kafkaPostgresFixture } from './harness';
import { runOperationsSuite } from './operations-suite';

const available = (await isServiceUp('kafka')) && (await isServiceUp('postgres'));

describeWithService(
  available,
  `Kafka at ${services.kafkaBrokers.join(',')} and PostgreSQL at ${services.databaseUrl}`,
  'run `npm run kafka -- start` and start PostgreSQL with PostGIS',
)('Kafka + PostgreSQL', () => {
  runOperationsSuite('incidents, commands and dispatch on Kafka + PostgreSQL', kafkaPostgresFixture);
});
