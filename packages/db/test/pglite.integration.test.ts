import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { getAsset } from '../src/assets-repository';
import { createDb } from '../src/create-db';
import { recordPositions } from '../src/positions-repository';
import { queryRows } from '../src/sql-rows';
import { MIGRATION_COUNT, runDbSuite } from './db-suite';

// A fresh data directory per run; the persistence check below reopens the same directory.
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-pglite-'));

runDbSuite('PGlite + PostGIS (embedded)', async () => {
  const database = await createDb({ dataDir });
  expect(database.kind).toBe('pglite');
  return database;
});

describe('PGlite data directory', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('persists across close and reopen', async () => {
    // The suite above has closed its instance by now; its rows must still be on disk.
    const reopened = await createDb({ dataDir });
    try {
      await reopened.migrate();
      const [applied] = await queryRows<{ n: number }>(
        reopened.db,
        sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
      );
      expect(applied?.n).toBe(MIGRATION_COUNT);
      expect((await getAsset(reopened.db, 'pos-truck-1'))?.position).toEqual({ lon: 4.81, lat: 45.71 });
      await recordPositions(reopened.db, [
        {
          envelopeId: 'persist-1',
          assetId: 'persist-asset',
          time: new Date('2025-03-02T00:00:00Z'),
          lon: 1,
          lat: 2,
        },
      ]);
    } finally {
      await reopened.close();
    }
    const again = await createDb({ dataDir });
    try {
      expect((await getAsset(again.db, 'persist-asset'))?.position).toEqual({ lon: 1, lat: 2 });
    } finally {
      await again.close();
    }
  });
});
