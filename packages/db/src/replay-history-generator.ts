/**
 * Synthetic history for benchmarks and demonstrations of replay: `vehicles` assets, one fix every
 * `fixSeconds` for `hours` from `from`, generated inside the database (`INSERT … SELECT generate_series`,
 * no round trip per row), then keyframes every `keyframeMinutes` written by `writeKeyframe`, as the
 * processor's keyframe job would. Each vehicle drives its own loop around a point of a grid over the
 * box, so positions are spread and change with every fix.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './database';
import type { BBox } from './geo-types';
import { summarizeHistoryIndexes, writeKeyframe } from './replay-repository';
import { queryRows } from './sql-rows';

export interface ReplayHistoryOptions {
  vehicles: number;
  hours: number;
  fixSeconds: number;
  keyframeMinutes: number;
  from: Date;
  bbox: BBox;
  /** Fix steps generated per statement (default: 30 minutes of fixes). */
  stepsPerBatch?: number;
  onProgress?: (what: string, done: number, total: number) => void;
}

export interface ReplayHistoryResult {
  fixes: number;
  keyframes: number;
  generateMs: number;
  keyframeMs: number;
}

export async function generateReplayHistory(
  db: Db,
  options: ReplayHistoryOptions,
): Promise<ReplayHistoryResult> {
  const { vehicles, hours, fixSeconds, keyframeMinutes, from, bbox } = options;
  const steps = Math.floor((hours * 3600) / fixSeconds);
  const perBatch = options.stepsPerBatch ?? Math.max(1, Math.floor(1800 / fixSeconds));
  const started = performance.now();
  const side = Math.ceil(Math.sqrt(vehicles));
  await db.execute(sql`
    INSERT INTO assets (id, kind, name, status, source)
    SELECT 'veh-' || lpad(v::text, 6, '0'), 'vehicle', 'Vehicle ' || v, 'available', 'bench'
    FROM generate_series(1, ${vehicles}::int) AS v
    ON CONFLICT (id) DO NOTHING`);
  for (let first = 0; first < steps; first += perBatch) {
    const last = Math.min(steps, first + perBatch) - 1;
    // Envelope ids grow with insertion order (time step, then vehicle): the primary key is appended to.
    await db.execute(sql`
      INSERT INTO positions (envelope_id, asset_id, time, position, speed, heading, source)
      SELECT 'b' || lpad(s::text, 6, '0') || '-' || lpad(v::text, 6, '0'),
             'veh-' || lpad(v::text, 6, '0'),
             ${from.toISOString()}::timestamptz + make_interval(secs => s * ${fixSeconds}::float8),
             ST_SetSRID(ST_MakePoint(
               ${bbox.west}::float8 + ((v % ${side}::int) + 0.5) * ${(bbox.east - bbox.west) / side}::float8 + 0.01 * cos(s / 20.0 + v),
               ${bbox.south}::float8 + ((v / ${side}::int) + 0.5) * ${(bbox.north - bbox.south) / side}::float8 + 0.01 * sin(s / 20.0 + v)), 4326),
             (5 + (s + v) % 20)::real, ((s * 7 + v) % 360)::real, 'bench'
      FROM generate_series(${first}::int, ${last}::int) AS s, generate_series(1, ${vehicles}::int) AS v
      ORDER BY s, v`);
    options.onProgress?.('fixes', (last + 1) * vehicles, steps * vehicles);
  }
  // Current state: the last fix of each vehicle.
  await db.execute(sql`
    UPDATE assets a SET position = p.position, speed = p.speed, heading = p.heading, last_fix_at = p.time
    FROM (SELECT DISTINCT ON (asset_id) asset_id, position, speed, heading, time FROM positions
          WHERE source = 'bench' AND time >= ${new Date(from.getTime() + (steps - 1) * fixSeconds * 1000).toISOString()}::timestamptz
          ORDER BY asset_id, time DESC) p
    WHERE a.id = p.asset_id`);
  await summarizeHistoryIndexes(db);
  await db.execute(sql`ANALYZE positions`);
  await db.execute(sql`ANALYZE assets`);
  const generateMs = performance.now() - started;
  const keyframeStarted = performance.now();
  const end = from.getTime() + hours * 3_600_000;
  const interval = keyframeMinutes * 60_000;
  let keyframes = 0;
  const total = Math.floor((end - from.getTime()) / interval);
  for (let at = from.getTime() + interval; at <= end; at += interval) {
    await writeKeyframe(db, new Date(at));
    keyframes += 1;
    options.onProgress?.('keyframes', keyframes, total);
  }
  await db.execute(sql`ANALYZE replay_keyframes`);
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM positions WHERE source = 'bench'`,
  );
  return {
    fixes: Number(count?.n ?? 0),
    keyframes,
    generateMs,
    keyframeMs: performance.now() - keyframeStarted,
  };
}
