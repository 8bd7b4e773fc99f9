/**
 * Replay seek time, server side: a throwaway PostgreSQL database gets `--hours` of history for
 * `--vehicles` vehicles (one fix every `--fix-seconds`, generated in the database) with keyframes every
 * `--keyframe-minutes`, then `--seeks` seeks to random instants of one replay session each build the
 * full snapshot a client gets (keyframe + fixes after it → live entities), and their durations give
 * p50/p95/p99 (the first seeks of fresh sessions, which also read entity names, are reported apart). Also
 * times the timeline histogram of the whole range and a one-minute frame of changes. Writes
 * bench-results/replay-seek-<time>.json and prints a summary.
 *
 *   npm run bench:replay-seek [-- --vehicles=10000 --hours=24 --fix-seconds=30 --keyframe-minutes=5 --seeks=200]
 *
 * `--keep` keeps the database (its name is printed); `--reuse=<name>` measures on such a database again
 * (migrated to the current schema first) without generating anything: the other options must then be
 * those it was generated with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { createDb } from '@vigie/db/create-db';
import { generateReplayHistory } from '@vigie/db/replay-history-generator';
import { assetChangesBetween, eventHistogram } from '@vigie/db/replay-repository';
import { queryRows } from '@vigie/db/sql-rows';
import { emptyDescriptionCache, loadReplaySnapshot } from '@vigie/gateway/replay/load-replay-snapshot';
import { services } from '@vigie/testing/services';
import { createThrowawayDatabase } from '@vigie/testing/throwaway-database';
import type { ThrowawayDatabase } from '@vigie/testing/throwaway-database';

function arg(name: string, fallback: number): number {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = found === undefined ? fallback : Number(found.slice(name.length + 3));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const vehicles = arg('vehicles', 10_000);
const hours = arg('hours', 24);
const fixSeconds = arg('fix-seconds', 30);
const keyframeMinutes = arg('keyframe-minutes', 5);
const seeks = arg('seeks', 200);
const reuse = process.argv.find((a) => a.startsWith('--reuse='))?.slice('--reuse='.length);
const keep = process.argv.includes('--keep') || reuse !== undefined;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function existingDatabase(name: string): ThrowawayDatabase {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('--reuse: not a database name');
  const url = new URL(services.databaseUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => Promise.resolve() };
}

const throwaway =
  reuse === undefined ? await createThrowawayDatabase('vigie_bench_replay') : existingDatabase(reuse);
const database = await createDb({
  url: throwaway.url,
  pool: { max: 4 },
  applicationName: 'vigie-bench-replay',
});
try {
  await database.migrate();
  const from = new Date(Date.UTC(2026, 0, 5, 0, 0, 0));
  const bbox = { west: -74.5, south: 17.9, east: -71.6, north: 20.1 };
  let lastLog = 0;
  const generated = await (reuse === undefined ? generate() : reusedHistory());
  console.log(
    `  ${generated.fixes} fixes in ${round(generated.generateMs / 1000)} s, ${generated.keyframes} keyframes in ${round(generated.keyframeMs / 1000)} s`,
  );
  async function reusedHistory() {
    const [row] = await queryRows<{ fixes: number; keyframes: number }>(
      database.db,
      sql`SELECT (SELECT count(*) FROM positions WHERE source = 'bench')::int AS fixes,
                 (SELECT count(*) FROM (SELECT at FROM replay_keyframes UNION SELECT at FROM replay_asset_keyframes) k)::int AS keyframes`,
    );
    console.log(`reusing ${throwaway.name}: ${row?.fixes} fixes, ${row?.keyframes} keyframes`);
    return {
      fixes: Number(row?.fixes ?? 0),
      keyframes: Number(row?.keyframes ?? 0),
      generateMs: 0,
      keyframeMs: 0,
    };
  }
  function generate() {
    console.log(`generating ${hours} h × ${vehicles} vehicles, a fix every ${fixSeconds} s…`);
    return generateReplayHistory(database.db, {
      vehicles,
      hours,
      fixSeconds,
      keyframeMinutes,
      from,
      bbox,
      onProgress(what, done, total) {
        if (Date.now() - lastLog > 10_000 || done === total) {
          lastLog = Date.now();
          console.log(`  ${what}: ${done} / ${total}`);
        }
      },
    });
  }

  const rangeMs = hours * 3_600_000;
  // Warm-up: the first reads of a fresh table pay for its pages once.
  for (let i = 0; i < 3; i++) {
    await loadReplaySnapshot(
      database.db,
      new Date(from.getTime() + Math.random() * rangeMs),
      ['assets'],
      undefined,
    );
  }
  // The first seek of a session also reads the descriptions (names, kinds) of the entities it shows;
  // later seeks of the session reuse them. Both are measured.
  const coldDurations: number[] = [];
  for (let i = 0; i < Math.min(20, seeks); i++) {
    const started = performance.now();
    await loadReplaySnapshot(
      database.db,
      new Date(from.getTime() + Math.floor(Math.random() * rangeMs)),
      ['assets', 'sensors', 'alerts', 'incidents', 'actions'],
      undefined,
    );
    coldDurations.push(performance.now() - started);
  }
  coldDurations.sort((a, b) => a - b);
  const session = emptyDescriptionCache();
  const durations: number[] = [];
  let entities = 0;
  for (let i = 0; i < seeks; i++) {
    const at = new Date(from.getTime() + Math.floor(Math.random() * rangeMs));
    const started = performance.now();
    const snapshot = await loadReplaySnapshot(
      database.db,
      at,
      ['assets', 'sensors', 'alerts', 'incidents', 'actions'],
      undefined,
      session,
    );
    durations.push(performance.now() - started);
    entities = Math.max(entities, snapshot.entities.length);
  }
  durations.sort((a, b) => a - b);

  const histogramStarted = performance.now();
  await eventHistogram(database.db, from, new Date(from.getTime() + rangeMs), 300);
  const histogramMs = performance.now() - histogramStarted;
  const frameDurations: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = from.getTime() + Math.floor(Math.random() * (rangeMs - 60_000));
    const started = performance.now();
    await assetChangesBetween(database.db, new Date(start), new Date(start + 60_000));
    frameDurations.push(performance.now() - started);
  }
  frameDurations.sort((a, b) => a - b);

  const report = {
    bench: 'replay-seek',
    at: new Date().toISOString(),
    backend: 'postgres',
    parameters: { vehicles, hours, fixSeconds, keyframeMinutes, seeks },
    data: {
      fixes: generated.fixes,
      keyframes: generated.keyframes,
      generateSeconds: round(generated.generateMs / 1000),
      keyframeSeconds: round(generated.keyframeMs / 1000),
    },
    seekMs: {
      p50: round(percentile(durations, 50)),
      p95: round(percentile(durations, 95)),
      p99: round(percentile(durations, 99)),
      max: round(durations[durations.length - 1] ?? Number.NaN),
    },
    firstSeekOfSessionMs: {
      p50: round(percentile(coldDurations, 50)),
      p95: round(percentile(coldDurations, 95)),
    },
    entitiesPerSnapshot: entities,
    targetP95Ms: 300,
    histogram24hMs: round(histogramMs),
    oneMinuteFrameMs: {
      p50: round(percentile(frameDurations, 50)),
      p95: round(percentile(frameDurations, 95)),
    },
  };
  const dir = new URL('../../bench-results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`replay-seek-${report.at.replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  console.log(`report: ${file.pathname}`);
} finally {
  await database.close();
  if (!keep) await throwaway.drop();
  else console.log(`kept database ${throwaway.name}`);
}
process.exit(0);
