/**
 * Current state of sensors: one row per sensor with its position, its newest reading, its anomaly
 * score and the latest reading of every metric it measures. The processor computes that state and
 * writes it here in batches, in the transaction that records the readings themselves.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './database';
import type { LonLat } from './geo-types';
import { fromGeoPoint } from './geo-types';
import { sensors } from './schema/tracking';
import { queryRows } from './sql-rows';

/** Latest reading of one metric, as kept in `sensors.last_readings`. */
export interface LastReading {
  value: number;
  unit: string;
  /** ISO-8601 time of the reading. */
  at: string;
  anomalyScore?: number | null;
}

export interface SensorStateInput {
  id: string;
  /** Used only when the sensor does not exist yet: its (first) metric. */
  kind: string;
  /** Used only when the sensor does not exist yet (default: the sensor id). */
  name?: string | null;
  /** Unit of `lastValue`. */
  unit: string;
  source?: string | null;
  /** Where the sensor is; null or absent keeps the stored position. */
  position?: LonLat | null;
  lastValue: number;
  lastReadingAt: Date;
  anomalyScore?: number | null;
  /** Metrics whose latest reading changed; merged into the stored ones (other metrics are kept). */
  lastReadings: Record<string, LastReading>;
}

export interface SensorDto {
  id: string;
  kind: string;
  name: string;
  unit: string;
  source: string | null;
  status: string;
  position: LonLat | null;
  lastValue: number | null;
  lastReadingAt: Date | null;
  anomalyScore: number | null;
  lastReadings: Record<string, LastReading>;
  updatedAt: Date;
  attrs: Record<string, unknown>;
}

export function toSensorDto(row: typeof sensors.$inferSelect): SensorDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    unit: row.unit,
    source: row.source,
    status: row.status,
    position: row.position === null ? null : fromGeoPoint(row.position),
    lastValue: row.lastValue,
    lastReadingAt: row.lastReadingAt,
    anomalyScore: row.anomalyScore,
    lastReadings: row.lastReadings as Record<string, LastReading>,
    updatedAt: row.updatedAt,
    attrs: row.attrs,
  };
}

/**
 * Creates or updates the current state of sensors in one statement. A state older than the stored
 * one (its `lastReadingAt` before the stored `last_reading_at`) is ignored, so a late batch never moves
 * a sensor back; per metric, `lastReadings` is merged into what is stored. When the same sensor
 * appears twice in `states`, the newer state wins. Returns how many sensors were created or changed.
 */
export async function upsertSensorStates(db: Db, states: readonly SensorStateInput[]): Promise<number> {
  const latest = new Map<string, SensorStateInput>();
  for (const state of states) {
    if (!Number.isFinite(state.lastValue))
      throw new RangeError(`sensor ${state.id}: lastValue is not finite`);
    if (Number.isNaN(state.lastReadingAt.getTime())) throw new RangeError(`sensor ${state.id}: invalid time`);
    const previous = latest.get(state.id);
    if (previous === undefined || state.lastReadingAt >= previous.lastReadingAt) latest.set(state.id, state);
  }
  if (latest.size === 0) return 0;
  const rows = [...latest.values()];
  const p = sql.param;
  const column = <T>(pick: (s: SensorStateInput) => T) => p(rows.map(pick));
  const [result] = await queryRows<{ changed: number }>(
    db,
    sql`
      WITH changed AS (
        INSERT INTO sensors AS s (id, kind, name, unit, source, position, last_value, last_reading_at, anomaly_score,
                                  last_readings, updated_at)
        SELECT id, kind, coalesce(name, id), unit, source,
               CASE WHEN lon IS NULL OR lat IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END,
               last_value, last_reading_at, anomaly_score, last_readings, now()
        FROM unnest(
          ${column((s) => s.id)}::text[], ${column((s) => s.kind)}::text[], ${column((s) => s.name ?? null)}::text[],
          ${column((s) => s.unit)}::text[], ${column((s) => s.source ?? null)}::text[],
          ${column((s) => s.position?.lon ?? null)}::float8[], ${column((s) => s.position?.lat ?? null)}::float8[],
          ${column((s) => s.lastValue)}::float8[], ${column((s) => s.lastReadingAt.toISOString())}::timestamptz[],
          ${column((s) => s.anomalyScore ?? null)}::real[], ${column((s) => JSON.stringify(s.lastReadings))}::jsonb[]
        ) AS i(id, kind, name, unit, source, lon, lat, last_value, last_reading_at, anomaly_score, last_readings)
        ORDER BY id
        ON CONFLICT (id) DO UPDATE SET
          position = coalesce(excluded.position, s.position),
          unit = excluded.unit,
          last_value = excluded.last_value,
          last_reading_at = excluded.last_reading_at,
          anomaly_score = excluded.anomaly_score,
          last_readings = s.last_readings || excluded.last_readings,
          source = coalesce(excluded.source, s.source),
          updated_at = excluded.updated_at
        WHERE s.last_reading_at IS NULL OR excluded.last_reading_at >= s.last_reading_at
        RETURNING 1
      )
      SELECT count(*)::int AS changed FROM changed
    `,
  );
  return Number(result?.changed ?? 0);
}

export async function getSensor(db: Db, id: string): Promise<SensorDto | null> {
  const [row] = await db.select().from(sensors).where(eq(sensors.id, id)).limit(1);
  return row === undefined ? null : toSensorDto(row);
}
