/**
 * Sensor readings history: batched, idempotent recording (one `INSERT … SELECT FROM unnest(…)`,
 * envelope id as the key) and the series of one sensor. Current sensor state lives in
 * `sensors-repository.ts`.
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from './database';
import { readings } from './schema/tracking';
import { queryRows } from './sql-rows';

export interface ReadingInput {
  /** Envelope id: a reading recorded twice is stored once. */
  envelopeId: string;
  sensorId: string;
  time: Date;
  metric: string;
  value: number;
  unit?: string | null;
  anomalyScore?: number | null;
  /** When ingest accepted the reading; the time of the insert when absent. */
  receivedAt?: Date | null;
  attrs?: Record<string, unknown>;
}

export interface RecordReadingsResult {
  /** History rows written. */
  inserted: number;
  /** Readings skipped because their envelope id was already stored (or repeated in the batch). */
  duplicates: number;
}

function checkReading(reading: ReadingInput): void {
  if (!Number.isFinite(reading.value)) {
    throw new RangeError(`reading ${reading.envelopeId}: value is not finite (${reading.value})`);
  }
  if (Number.isNaN(reading.time.getTime()))
    throw new RangeError(`reading ${reading.envelopeId}: invalid time`);
}

/**
 * Appends readings in one statement, skipping envelope ids already stored (`ON CONFLICT DO
 * NOTHING`), so redelivered messages leave no duplicate rows. Run it in the caller's transaction to
 * commit it with the consumer offsets.
 */
export async function recordReadings(db: Db, batch: readonly ReadingInput[]): Promise<RecordReadingsResult> {
  if (batch.length === 0) return { inserted: 0, duplicates: 0 };
  const n = batch.length;
  const envelopeIds = new Array<string>(n);
  const sensorIds = new Array<string>(n);
  const times = new Array<string>(n);
  const metrics = new Array<string>(n);
  const values = new Array<number>(n);
  const units = new Array<string | null>(n);
  const scores = new Array<number | null>(n);
  const receivedAts = new Array<string | null>(n);
  const attrs = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const reading = batch[i] as ReadingInput;
    checkReading(reading);
    envelopeIds[i] = reading.envelopeId;
    sensorIds[i] = reading.sensorId;
    times[i] = reading.time.toISOString();
    metrics[i] = reading.metric;
    values[i] = reading.value;
    units[i] = reading.unit ?? null;
    scores[i] = reading.anomalyScore ?? null;
    receivedAts[i] = reading.receivedAt ? reading.receivedAt.toISOString() : null;
    attrs[i] = JSON.stringify(reading.attrs ?? {});
  }
  const p = sql.param;
  const [result] = await queryRows<{ inserted: number }>(
    db,
    sql`
      WITH history AS (
        INSERT INTO readings (envelope_id, sensor_id, time, metric, value, unit, anomaly_score, received_at, attrs)
        SELECT envelope_id, sensor_id, time, metric, value, unit, anomaly_score, coalesce(received_at, now()), attrs
        FROM unnest(
          ${p(envelopeIds)}::text[], ${p(sensorIds)}::text[], ${p(times)}::timestamptz[], ${p(metrics)}::text[],
          ${p(values)}::float8[], ${p(units)}::text[], ${p(scores)}::real[], ${p(receivedAts)}::timestamptz[],
          ${p(attrs)}::jsonb[]
        ) AS i(envelope_id, sensor_id, time, metric, value, unit, anomaly_score, received_at, attrs)
        ON CONFLICT (envelope_id) DO NOTHING
        RETURNING 1
      )
      SELECT count(*)::int AS inserted FROM history
    `,
  );
  const inserted = Number(result?.inserted ?? 0);
  return { inserted, duplicates: n - inserted };
}

export interface ReadingDto {
  envelopeId: string;
  sensorId: string;
  time: Date;
  metric: string | null;
  value: number;
  unit: string | null;
  anomalyScore: number | null;
  receivedAt: Date;
  attrs: Record<string, unknown>;
}

/**
 * The readings of one sensor in the half-open window [from, to), in time order (ties by envelope
 * id), optionally of one metric. Served by the (sensor_id, time) index.
 */
export async function sensorSeries(
  db: Db,
  sensorId: string,
  from: Date,
  to: Date,
  options: { metric?: string; limit?: number } = {},
): Promise<ReadingDto[]> {
  return db
    .select({
      envelopeId: readings.envelopeId,
      sensorId: readings.sensorId,
      time: readings.time,
      metric: readings.metric,
      value: readings.value,
      unit: readings.unit,
      anomalyScore: readings.anomalyScore,
      receivedAt: readings.receivedAt,
      attrs: readings.attrs,
    })
    .from(readings)
    .where(
      and(
        eq(readings.sensorId, sensorId),
        gte(readings.time, from),
        lt(readings.time, to),
        options.metric === undefined ? undefined : eq(readings.metric, options.metric),
      ),
    )
    .orderBy(asc(readings.time), asc(readings.envelopeId))
    .limit(options.limit ?? 100_000);
}
