// The keyframe and retention jobs on an embedded PostgreSQL (PGlite + PostGIS): due keyframes are
// written once, catching up after a pause, and expired history goes while recent history stays.
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { recordPositions } from '@vigie/db/positions-repository';
import { assetStatesAt, keyframeAtOrBefore } from '@vigie/db/replay-repository';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetentionJob } from '../retention/start-retention-job';
import { startKeyframeJob } from './start-keyframe-job';

const MINUTE = 60_000;
const t0 = Date.parse('2026-04-01T00:00:00Z');
const logger = pino({ level: 'silent' });

describe('keyframe and retention jobs (PGlite)', () => {
  let database: Database;

  beforeAll(async () => {
    database = await createDb({});
    await database.migrate();
    const fixes = [];
    for (let minute = 0; minute < 60; minute++) {
      fixes.push({
        envelopeId: `k-${minute}`,
        assetId: 'van-1',
        time: new Date(t0 + minute * MINUTE),
        lon: minute / 100,
        lat: 1,
      });
    }
    await recordPositions(database.db, fixes);
  }, 120_000);

  afterAll(async () => database?.close());

  it('writes the due keyframes once, the most recent first time, then catches up', async () => {
    const job = startKeyframeJob(
      database,
      { intervalMs: 10 * MINUTE, lagMs: MINUTE, checkMs: 3_600_000, maxCatchUp: 2 },
      logger,
    );
    try {
      const first = await job.runOnce(new Date(t0 + 21 * MINUTE));
      expect(first.map((d) => d.toISOString())).toEqual([new Date(t0 + 20 * MINUTE).toISOString()]);
      expect(await job.runOnce(new Date(t0 + 25 * MINUTE))).toEqual([]);
      const later = await job.runOnce(new Date(t0 + 61 * MINUTE));
      expect(later.map((d) => (d.getTime() - t0) / MINUTE)).toEqual([50, 60]);
      expect((await keyframeAtOrBefore(database.db, new Date(t0 + 59 * MINUTE)))?.getTime()).toBe(
        t0 + 50 * MINUTE,
      );
      const [van] = await assetStatesAt(database.db, new Date(t0 + 55 * MINUTE));
      expect(van?.position).toEqual({ lon: 0.55, lat: 1 });
    } finally {
      await job.stop();
    }
  });

  it('deletes history older than its retention and keeps the rest', async () => {
    const job = startRetentionJob(
      database,
      { days: { positions: 30 / 1440, replay_keyframes: 15 / 1440 }, checkMs: 3_600_000, batchSize: 7 },
      logger,
    );
    try {
      const deleted = await job.runOnce(new Date(t0 + 60 * MINUTE));
      expect(deleted).toEqual({ positions: 30, replay_keyframes: 1 });
      expect(await keyframeAtOrBefore(database.db, new Date(t0 + 45 * MINUTE))).toBeNull();
      const [van] = await assetStatesAt(database.db, new Date(t0 + 40 * MINUTE));
      expect(van?.position).toEqual({ lon: 0.4, lat: 1 });
    } finally {
      await job.stop();
    }
  });
});
