/**
 * Benchmark of the position hot path on both backends:
 * - batched `recordPositions` + `saveCheckpoint` in one transaction per batch (the processor's
 *   persist step), in fixes per second;
 * - latency of `assetsInBbox` (viewport), `nearestAssets` (k = 10) and `assetTrack` (one hour).
 *
 * Usage: npm run bench -w @vigie/db -- [--url=postgres://…/postgres] [--assets=10000] [--fixes=200000]
 *        [--batch=1000] [--queries=300] [--backends=postgres,pglite]
 * The PostgreSQL run creates a scratch database on the given admin URL and drops it afterwards;
 * the PGlite run uses a temporary data directory. A JSON report lands in bench-results/ at the repo root.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm';
import pg from 'pg';
import { assetTrack } from '../src/assets-repository';
import { saveCheckpoint } from '../src/checkpoints-repository';
import { createDb } from '../src/create-db';
import type { Database } from '../src/database';
import { assetsInBbox, nearestAssets, recordPositions } from '../src/positions-repository';
import type { PositionFix } from '../src/positions-repository';
import { queryRows } from '../src/sql-rows';

interface Options {
  url: string;
  assets: number;
  fixes: number;
  batch: number;
  queries: number;
  backends: string[];
}

function parseArgs(argv: string[]): Options {
  const args = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [key, ...value] = a.slice(2).split('=');
        return [key ?? '', value.join('=')] as const;
      }),
  );
  const int = (key: string, fallback: number) =>
    args.has(key) ? Number.parseInt(args.get(key) ?? '', 10) : fallback;
  return {
    url: args.get('url') || 'postgres://postgres@127.0.0.1:5432/postgres',
    assets: int('assets', 10_000),
    fixes: int('fixes', 200_000),
    batch: int('batch', 1000),
    queries: int('queries', 300),
    backends: (args.get('backends') || 'postgres,pglite').split(','),
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so both backends see the same workload. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The workload area: western Europe, 40° × 25°.
const AREA = { west: -10, south: 35, east: 30, north: 60 };

function* fixBatches(options: Options): Generator<PositionFix[]> {
  const rnd = random(42);
  const start = Date.parse('2025-03-01T00:00:00Z');
  const lon = Float64Array.from(
    { length: options.assets },
    () => AREA.west + rnd() * (AREA.east - AREA.west),
  );
  const lat = Float64Array.from(
    { length: options.assets },
    () => AREA.south + rnd() * (AREA.north - AREA.south),
  );
  let seq = 0;
  while (seq < options.fixes) {
    const batch: PositionFix[] = [];
    for (let i = 0; i < options.batch && seq < options.fixes; i++, seq++) {
      const a = Math.floor(rnd() * options.assets);
      lon[a] = Math.min(AREA.east, Math.max(AREA.west, (lon[a] ?? 0) + (rnd() - 0.5) * 0.01));
      lat[a] = Math.min(AREA.north, Math.max(AREA.south, (lat[a] ?? 0) + (rnd() - 0.5) * 0.01));
      batch.push({
        envelopeId: `fix-${seq.toString().padStart(9, '0')}`,
        assetId: `asset-${a}`,
        // ~20 000 fixes per second of simulated time
        time: new Date(start + seq * 0.05),
        lon: lon[a] ?? 0,
        lat: lat[a] ?? 0,
        speed: rnd() * 30,
        heading: rnd() * 360,
        accuracy: 5,
        kind: a % 10 === 0 ? 'team' : 'vehicle',
      });
    }
    yield batch;
  }
}

function percentiles(samples: number[]): { p50: number; p95: number; p99: number; mean: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    n: sorted.length,
  };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const result = await fn();
  return [performance.now() - t, result];
}

/** Remembers the last statement a repository function sent, to EXPLAIN it afterwards. */
class LastQuery implements Logger {
  query = '';
  params: unknown[] = [];
  logQuery(query: string, params: unknown[]): void {
    this.query = query;
    this.params = params;
  }
}

/** Index names in the plan of the last statement `run` sent (parameters inlined as literals). */
async function indexesUsed(
  database: Database,
  last: LastQuery,
  run: () => Promise<unknown>,
): Promise<string[]> {
  await run();
  const literal = (value: unknown) =>
    typeof value === 'number'
      ? String(value)
      : `'${String(value instanceof Date ? value.toISOString() : value).replaceAll("'", "''")}'`;
  const text = last.query.replace(/\$(\d+)/g, (_, n: string) => literal(last.params[Number(n) - 1]));
  const rows = await queryRows<Record<string, unknown>>(database.db, sql.raw(`EXPLAIN ${text}`));
  const plan = rows.map((r) => String(Object.values(r)[0])).join('\n');
  return [
    ...new Set(
      [...plan.matchAll(/Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1] ?? ''),
    ),
  ];
}

async function runBackend(name: string, database: Database, last: LastQuery, options: Options) {
  const log = (message: string) => console.log(`[${name}] ${message}`);
  const [migrateMs] = await time(() => database.migrate());
  log(`migrated in ${migrateMs.toFixed(0)} ms`);

  // Writes: one transaction per batch, rows + checkpoint together.
  let offset = 0;
  let inserted = 0;
  const batchMs: number[] = [];
  const writeStart = performance.now();
  for (const batch of fixBatches(options)) {
    const [ms, result] = await time(() =>
      database.transaction(async (tx) => {
        const r = await recordPositions(tx, batch);
        offset += batch.length;
        await saveCheckpoint(tx, 'bench', 'raw.positions', 0, offset, { dedupWindow: batch.length });
        return r;
      }),
    );
    inserted += result.inserted;
    batchMs.push(ms);
  }
  const writeSeconds = (performance.now() - writeStart) / 1000;
  const fixesPerSecond = Math.round(options.fixes / writeSeconds);
  log(
    `${options.fixes} fixes in ${writeSeconds.toFixed(2)} s: ${fixesPerSecond} fixes/s (batches of ${options.batch})`,
  );

  // Redelivery of one batch: all duplicates, nothing moves.
  const first = fixBatches(options).next().value ?? [];
  const [redeliveryMs, redelivery] = await time(() => recordPositions(database.db, first));

  await database.db.execute(sql`ANALYZE assets`);
  await database.db.execute(sql`ANALYZE positions`);

  // Reads.
  const rnd = random(7);
  const bboxMs: number[] = [];
  const bboxSizes: number[] = [];
  const nearestMs: number[] = [];
  const trackMs: number[] = [];
  const trackSizes: number[] = [];
  for (let i = 0; i < options.queries; i++) {
    const west = AREA.west + rnd() * (AREA.east - AREA.west - 2);
    const south = AREA.south + rnd() * (AREA.north - AREA.south - 2);
    const [bms, found] = await time(() =>
      assetsInBbox(database.db, { west, south, east: west + 2, north: south + 2 }),
    );
    bboxMs.push(bms);
    bboxSizes.push(found.length);
    const point = { lon: west + 1, lat: south + 1 };
    const [nms] = await time(() => nearestAssets(database.db, point, 10));
    nearestMs.push(nms);
    const assetId = `asset-${Math.floor(rnd() * options.assets)}`;
    const from = new Date(Date.parse('2025-03-01T00:00:00Z') + rnd() * options.fixes * 0.05);
    const [tms, track] = await time(() =>
      assetTrack(database.db, assetId, from, new Date(from.getTime() + 3_600_000)),
    );
    trackMs.push(tms);
    trackSizes.push(track.length);
  }
  const plans = {
    bbox: await indexesUsed(database, last, () =>
      assetsInBbox(database.db, { west: 0, south: 45, east: 2, north: 47 }),
    ),
    nearest: await indexesUsed(database, last, () => nearestAssets(database.db, { lon: 1, lat: 46 }, 10)),
    track: await indexesUsed(database, last, () =>
      assetTrack(database.db, 'asset-1', new Date('2025-03-01T00:00:00Z'), new Date('2025-03-01T01:00:00Z')),
    ),
  };
  const [counts] = await queryRows<{ assets: number; positions: number }>(
    database.db,
    sql`SELECT (SELECT count(*) FROM assets)::int AS assets, (SELECT count(*) FROM positions)::int AS positions`,
  );
  const report = {
    migrateMs: Math.round(migrateMs),
    write: {
      fixes: options.fixes,
      batchSize: options.batch,
      inserted,
      seconds: Math.round(writeSeconds * 1000) / 1000,
      fixesPerSecond,
      batchMs: percentiles(batchMs),
      redeliveryOfOneBatch: { ms: Math.round(redeliveryMs * 1000) / 1000, ...redelivery },
    },
    read: {
      bbox2x2deg: {
        ms: percentiles(bboxMs),
        meanAssetsReturned: Math.round(bboxSizes.reduce((s, v) => s + v, 0) / bboxSizes.length),
      },
      nearest10: { ms: percentiles(nearestMs) },
      track1h: {
        ms: percentiles(trackMs),
        meanPoints: Math.round(trackSizes.reduce((s, v) => s + v, 0) / trackSizes.length),
      },
    },
    indexesUsed: plans,
    rows: counts,
  };
  log(
    `bbox p50 ${report.read.bbox2x2deg.ms.p50} ms (≈${report.read.bbox2x2deg.meanAssetsReturned} assets), ` +
      `nearest p50 ${report.read.nearest10.ms.p50} ms, track p50 ${report.read.track1h.ms.p50} ms; indexes ${JSON.stringify(plans)}`,
  );
  return report;
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const results: Record<string, unknown> = {};

  if (options.backends.includes('postgres')) {
    const name = `vigie_bench_${Date.now().toString(36)}`;
    const url = new URL(options.url);
    url.pathname = `/${name}`;
    let created = false;
    try {
      await adminQuery(options.url, `CREATE DATABASE "${name}"`);
      created = true;
    } catch (error) {
      console.error(`[postgres] skipped: cannot create a database on ${options.url}: ${String(error)}`);
    }
    if (created) {
      const last = new LastQuery();
      const database = await createDb({ url: url.toString(), pool: { max: 4 }, log: last });
      try {
        results.postgres = await runBackend('postgres', database, last, options);
      } finally {
        await database.close();
        await adminQuery(options.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    }
  }

  if (options.backends.includes('pglite')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-pglite-'));
    const last = new LastQuery();
    const [openMs, database] = await time(() => createDb({ dataDir, log: last }));
    console.log(`[pglite] opened in ${openMs.toFixed(0)} ms`);
    try {
      results.pglite = {
        openMs: Math.round(openMs),
        ...(await runBackend('pglite', database, last, options)),
      };
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  const outDir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replaceAll(':', '-').replace(/\..*/, '');
  const file = join(outDir, `positions-upsert-${stamp}.json`);
  const report = {
    benchmark: 'positions-upsert',
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    options: { ...options, url: undefined },
    results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${file}`);
}

await main();
