/**
 * Things that move or measure: assets (vehicles, teams, boats, drones) and sensors, each as one
 * current-state row plus an append-only history (`positions`, `readings`).
 *
 * Current-state tables carry the spatial indexes (they answer viewport and nearest queries); history
 * tables are indexed by (entity, time) with a BRIN index on time, and have no spatial index and no
 * foreign key so that batched appends stay cheap and the tables can later be range-partitioned by day.
 */
import { doublePrecision, index, pgTable, real, text } from 'drizzle-orm/pg-core';
import { gistIndex, pointColumn } from '../geometry';
import { checkOneOf, jsonObject, tstz } from './columns';
import { ASSET_KINDS } from './values';

export const assets = pgTable(
  'assets',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    source: text('source'),
    status: text('status').notNull().default('available'),
    position: pointColumn('position'),
    /** metres per second */
    speed: real('speed'),
    /** degrees clockwise from true north */
    heading: real('heading'),
    /** metres */
    accuracy: real('accuracy'),
    lastFixAt: tstz('last_fix_at'),
    /** Envelope id of the fix that set the current position. */
    lastEnvelopeId: text('last_envelope_id'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    attrs: jsonObject('attrs'),
  },
  (t) => [
    checkOneOf('assets_kind_check', t.kind, ASSET_KINDS),
    gistIndex('assets_position_gist', t.position),
    index('assets_kind_idx').on(t.kind),
  ],
);

export const positions = pgTable(
  'positions',
  {
    /** Envelope id of the fix: the idempotency key. */
    envelopeId: text('envelope_id').primaryKey(),
    assetId: text('asset_id').notNull(),
    time: tstz('time').notNull(),
    position: pointColumn('position').notNull(),
    speed: real('speed'),
    heading: real('heading'),
    accuracy: real('accuracy'),
    altitude: real('altitude'),
    source: text('source'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [
    index('positions_asset_time_idx').on(t.assetId, t.time),
    index('positions_time_brin').using('brin', t.time),
  ],
);

export const sensors = pgTable(
  'sensors',
  {
    id: text('id').primaryKey(),
    /** water_level, rain, temperature, humidity, air_quality, seismic, … */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    source: text('source'),
    status: text('status').notNull().default('ok'),
    position: pointColumn('position'),
    lastValue: doublePrecision('last_value'),
    lastReadingAt: tstz('last_reading_at'),
    anomalyScore: real('anomaly_score'),
    /**
     * Latest reading per metric, for sensors that measure several (a weather station): metric →
     * `{ value, unit, at, anomalyScore }`. `last_value`/`last_reading_at` hold the newest of them.
     */
    lastReadings: jsonObject('last_readings'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    attrs: jsonObject('attrs'),
  },
  (t) => [gistIndex('sensors_position_gist', t.position), index('sensors_kind_idx').on(t.kind)],
);

export const readings = pgTable(
  'readings',
  {
    envelopeId: text('envelope_id').primaryKey(),
    sensorId: text('sensor_id').notNull(),
    time: tstz('time').notNull(),
    /** water_level, rain, temperature… (one sensor may measure several metrics). */
    metric: text('metric'),
    value: doublePrecision('value').notNull(),
    unit: text('unit'),
    anomalyScore: real('anomaly_score'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    attrs: jsonObject('attrs'),
  },
  (t) => [
    index('readings_sensor_time_idx').on(t.sensorId, t.time),
    index('readings_time_brin').using('brin', t.time),
  ],
);
