/**
 * Feed storage and scheduling on both backends: PGlite (in memory) and PostgreSQL (a database of its
 * own, dropped afterwards).
 */
import { describeWithService, isServiceUp, services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/create-db';
import type { Database } from '../src/database';
import {
  claimDueFeeds,
  createFeed,
  getFeed,
  listFeeds,
  recordFeedFailure,
  recordFeedSuccess,
  removeFeed,
  requestFeedRun,
  updateFeed,
} from '../src/feeds-repository';

const T0 = new Date('2021-08-14T12:00:00.000Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

function runFeedsSuite(name: string, open: () => Promise<Database>, dispose?: () => Promise<void>): void {
  describe(name, () => {
    let database: Database;

    beforeAll(async () => {
      database = await open();
      await database.migrate();
    });

    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    it('creates, lists, updates and removes feeds', async () => {
      const feed = await createFeed(
        database.db,
        {
          kind: 'usgs',
          name: 'USGS significant',
          url: 'https://earthquake.usgs.gov/x.geojson',
          source: 'usgs',
          intervalS: 60,
          enabled: true,
        },
        T0,
      );
      expect(feed).toMatchObject({ kind: 'usgs', intervalS: 60, nextRunAt: T0.toISOString(), itemsSeen: 0 });
      expect((await listFeeds(database.db)).map((f) => f.id)).toContain(feed.id);
      const updated = await updateFeed(database.db, { id: feed.id, enabled: false, name: 'Renamed' }, at(1));
      expect(updated).toMatchObject({ enabled: false, name: 'Renamed' });
      expect(await updateFeed(database.db, { id: 'no-such-feed', enabled: true })).toBeNull();
      expect(await removeFeed(database.db, feed.id)).toBe(true);
      expect(await getFeed(database.db, feed.id)).toBeNull();
      expect(await removeFeed(database.db, feed.id)).toBe(false);
    });

    it('claims due enabled feeds once, under a lease, and records outcomes and counters', async () => {
      const input = {
        kind: 'cap',
        url: 'https://example.org/cap.xml',
        source: 'cap-src',
        intervalS: 300,
      } as const;
      const due = await createFeed(database.db, { ...input, name: 'due', enabled: true, id: 'f-due' }, T0);
      await createFeed(database.db, { ...input, name: 'off', enabled: false, id: 'f-off' }, T0);

      const claimed = await claimDueFeeds(database.db, at(5), 60_000);
      expect(claimed.map((j) => j.id)).toEqual(['f-due']);
      // Leased: not due again until the lease ends.
      expect(await claimDueFeeds(database.db, at(6), 60_000)).toEqual([]);

      await recordFeedFailure(database.db, due.id, { at: at(7), nextRunAt: at(37), error: 'HTTP 500' });
      await recordFeedFailure(database.db, due.id, { at: at(40), nextRunAt: at(100), error: 'timeout' });
      let feed = (await getFeed(database.db, due.id))!;
      expect(feed).toMatchObject({ errorCount: 2, consecutiveFailures: 2, lastError: 'timeout' });
      expect(feed.lastErrorAt).toBe(at(40).toISOString());

      const [job] = await claimDueFeeds(database.db, at(100), 60_000);
      expect(job).toMatchObject({ id: 'f-due', consecutiveFailures: 2, state: {} });
      await recordFeedSuccess(database.db, due.id, {
        at: at(101),
        nextRunAt: at(401),
        seen: 5,
        accepted: 4,
        rejected: 1,
        state: { etag: '"abc"' },
      });
      await recordFeedSuccess(database.db, due.id, {
        at: at(402),
        nextRunAt: at(702),
        seen: 2,
        accepted: 2,
        rejected: 0,
        state: { etag: '"def"' },
      });
      feed = (await getFeed(database.db, due.id))!;
      expect(feed).toMatchObject({
        itemsSeen: 7,
        itemsAccepted: 6,
        itemsRejected: 1,
        consecutiveFailures: 0,
        errorCount: 2,
        lastSuccessAt: at(402).toISOString(),
        nextRunAt: at(702).toISOString(),
      });
      // Run now: due at once.
      await requestFeedRun(database.db, due.id, at(500));
      const [again] = await claimDueFeeds(database.db, at(500), 60_000);
      expect(again).toMatchObject({ id: 'f-due', state: { etag: '"def"' } });
    });
  });
}

runFeedsSuite('feeds on PGlite + PostGIS (embedded)', () => createDb({}));

const adminUrl = services.databaseUrl;
let throwaway: ThrowawayDatabase | undefined;

describeWithService(
  await isServiceUp('postgres'),
  'PostgreSQL',
  `start PostgreSQL with PostGIS or set VIGIE_TEST_DATABASE_URL (now ${adminUrl})`,
)('feeds on PostgreSQL', () => {
  runFeedsSuite(
    'feeds on PostgreSQL + PostGIS',
    async () => {
      throwaway = await createThrowawayDatabase('vigie_test_feeds');
      return createDb({ url: throwaway.url, pool: { max: 2 }, applicationName: 'vigie-feeds-tests' });
    },
    async () => throwaway?.drop(),
  );
});
