/**
 * The raw.media consumer on the embedded log + PGlite and on Kafka + PostgreSQL: media events become
 * rows (found again by box and time), a media sent again updates its row, invalid events are
 * dead-lettered with the reason.
 */
import { getMedia, listMedia } from '@vigie/db/media-repository';
import { describeWithService, isServiceUp } from '@vigie/testing/services';
import { uniqueName } from '@vigie/testing/unique-name';
import { waitFor } from '@vigie/testing/wait-for';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTopics } from '../src/ensure-topics';
import { startMediaConsumer } from '../src/media/start-media-consumer';
import { resolveTopics } from '../src/topic-map';
import { embeddedFixture, kafkaPostgresFixture, readTopics, testLogger } from './harness';
import type { ServiceFixture, Services } from './harness';

function mediaEvent(id: string, mediaId: string, patch: Record<string, unknown> = {}) {
  return {
    id,
    type: 'media',
    v: 1,
    source: 'drone-sud',
    occurredAt: '2021-08-16T14:00:00Z',
    receivedAt: '2021-08-16T14:00:05Z',
    payload: {
      mediaId,
      kind: 'image',
      uri: `file:///data/media/${mediaId}.jpg`,
      thumbnailUri: `file:///data/media/${mediaId}.thumb.jpg`,
      mime: 'image/jpeg',
      sizeBytes: 2048,
      capturedAt: '2021-08-16T14:00:00Z',
      position: { lon: -73.75, lat: 18.19 },
      width: 1200,
      ...patch,
    },
  };
}

function runMediaConsumerSuite(name: string, fixture: () => ServiceFixture) {
  describe(name, () => {
    const services = fixture();
    let opened: Services;
    let consumer: { close(): Promise<void> };
    const topics = resolveTopics(`${uniqueName('media_test')}.`);

    beforeAll(async () => {
      opened = await services.open();
      await ensureTopics(opened.log, topics, 2, testLogger);
      consumer = await startMediaConsumer({
        database: opened.database,
        log: opened.log,
        logger: testLogger,
        topics,
        groupId: uniqueName('processor'),
        sourceId: 'processor',
        publishRetry: { initialMs: 50, maxMs: 500 },
        maxBatchSize: 100,
      });
    });

    afterAll(async () => {
      await consumer?.close();
      await services.close();
    });

    it('stores media rows, updates a media sent again, and dead-letters an invalid event', async () => {
      const mediaId = uniqueName('m');
      const reader = await readTopics(opened.log, [topics.deadletter]);
      await opened.log.produce(topics['raw.media'], [
        { key: mediaId, value: JSON.stringify(mediaEvent('01J6ZB4V5Q8Y2K3M4N5P6Q7R8S', mediaId)) },
        {
          key: mediaId,
          value: JSON.stringify(
            mediaEvent('01J6ZB4V5Q8Y2K3M4N5P6Q7R8T', mediaId, { caption: 'Pont de la Ravine' }),
          ),
        },
        {
          key: 'bad',
          value: JSON.stringify(mediaEvent('01J6ZB4V5Q8Y2K3M4N5P6Q7R8V', 'bad', { mime: 'video/mp4' })),
        },
      ]);
      const row = await waitFor(
        async () => {
          const media = await getMedia(opened.database.db, mediaId);
          return media?.caption === 'Pont de la Ravine' ? media : undefined;
        },
        { what: 'the media row with its caption' },
      );
      expect(row).toMatchObject({
        uri: `file:///data/media/${mediaId}.jpg`,
        thumbnailUri: `file:///data/media/${mediaId}.thumb.jpg`,
        position: { lon: -73.75, lat: 18.19 },
        source: 'drone-sud',
        attrs: { width: 1200 },
      });
      const found = await listMedia(opened.database.db, {
        bbox: { west: -73.8, south: 18.1, east: -73.7, north: 18.3 },
        from: new Date('2021-08-16T13:00:00Z'),
        limit: 100,
      });
      expect(found.map((m) => m.id)).toContain(mediaId);
      const [dead] = await waitFor(() => {
        const letters = reader.messages(topics.deadletter);
        return letters.length > 0 ? letters : undefined;
      });
      expect(String(dead!.value.payload.message)).toContain('mime must match kind');
      await reader.close();
    });
  });
}

runMediaConsumerSuite('media consumer on the embedded log + PGlite', embeddedFixture);

const up = (await isServiceUp('kafka')) && (await isServiceUp('postgres'));
describeWithService(
  up,
  'Kafka and PostgreSQL',
  'start Kafka and PostgreSQL with PostGIS',
)('on Kafka', () => {
  runMediaConsumerSuite('media consumer on Kafka + PostgreSQL', kafkaPostgresFixture);
});
