/**
 * The database goes away under a running processor (connections refused and the open ones killed):
 * batches fail and are delivered again with backoff, nothing is committed to the log beyond what the
 * database holds, and once the database is back every event lands exactly once.
 */
import { loadCheckpoints } from '@vigie/db/checkpoints-repository';
import { createDb } from '@vigie/db/create-db';
import { storedEnvelopeIds } from '@vigie/db/stored-events-repository';
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { Registry } from 'prom-client';
import type { Counter } from 'prom-client';
import { afterAll, expect, it } from 'vitest';
import { startProcessor } from '../src/start-processor';
import { kafkaPostgresFixture, testLogger } from './harness';
import { PAP, T0, positionEvent, positionRecord } from './raw-events';

const available = (await isServiceUp('kafka')) && (await isServiceUp('postgres'));

async function asAdmin(statement: string): Promise<void> {
  const server = await createDb({ url: services.databaseUrl, pool: { max: 1 } });
  try {
    await server.db.execute(statement);
  } finally {
    await server.close();
  }
}

describeWithService(
  available,
  `Kafka at ${services.kafkaBrokers.join(',')} and PostgreSQL at ${services.databaseUrl}`,
  'run `npm run kafka -- start` and start PostgreSQL with PostGIS',
)('database outage on Kafka + PostgreSQL', () => {
  const fixture = kafkaPostgresFixture();
  let databaseName = '';
  afterAll(async () => {
    if (databaseName !== '') await asAdmin(`ALTER DATABASE "${databaseName}" ALLOW_CONNECTIONS true`);
    await fixture.close();
  });

  it('pauses and retries while the database is down, acknowledges nothing it does not hold, then catches up', async () => {
    const s = await fixture.open();
    const name = new URL(s.childEnv.DATABASE_URL!).pathname.slice(1);
    databaseName = name;
    const t = uniqueName('outage');
    const registry = new Registry();
    const processor = await startProcessor({
      db: s.database,
      log: s.log,
      logger: testLogger,
      metrics: registry,
      config: { topicPrefix: `${t}.`, groupId: `${t}-group`, partitions: 3, lagIntervalMs: 200 },
    });
    try {
      const topic = processor.topics['raw.positions'];
      const before = Array.from({ length: 30 }, (_, i) =>
        positionEvent(`${t}-a${i % 5}`, T0 + i * 1000, PAP),
      );
      await s.log.produce(topic, before.map(positionRecord));
      await waitFor(() => processor.stats.persisted['raw.positions'] === 30, { timeoutMs: 60_000 });

      await asAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      const during = Array.from({ length: 30 }, (_, i) =>
        positionEvent(`${t}-a${i % 5}`, T0 + (30 + i) * 1000, PAP),
      );
      await s.log.produce(topic, during.map(positionRecord));
      const retries = registry.getSingleMetric('vigie_processor_batch_retries_total') as Counter;
      await waitFor(
        async () =>
          ((await retries.get()).values.find((v) => v.labels.reason === 'database')?.value ?? 0) >= 2,
        {
          timeoutMs: 60_000,
          what: 'failed batches retried',
        },
      );
      // Nothing beyond the 30 stored events is acknowledged to the log.
      const committed = await s.log.committedOffsets(`${t}-group`, [topic]);
      expect(committed.reduce((n, c) => n + Number(c.offset ?? 0), 0)).toBe(30);
      expect(processor.stats.persisted['raw.positions']).toBe(30);

      await asAdmin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await waitFor(() => processor.stats.persisted['raw.positions'] === 60, {
        timeoutMs: 60_000,
        what: 'catching up',
      });
      await waitFor(async () => (await processor.lag()) === 0, { timeoutMs: 30_000 });
      const all = [...before, ...during].map((e) => e.id);
      expect((await storedEnvelopeIds(s.database.db, 'positions', all)).size).toBe(60);
      const checkpoints = await loadCheckpoints(s.database.db, `${t}-group`);
      expect(checkpoints.filter((c) => c.topic === topic).reduce((n, c) => n + Number(c.nextOffset), 0)).toBe(
        60,
      );
      await waitFor(
        async () =>
          (await s.log.committedOffsets(`${t}-group`, [topic])).reduce(
            (n, c) => n + Number(c.offset ?? 0),
            0,
          ) === 60,
        { timeoutMs: 30_000, what: 'offsets committed to the log' },
      );
    } finally {
      await processor.close();
    }
  });
});
