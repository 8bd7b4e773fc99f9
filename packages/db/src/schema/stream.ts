/**
 * Stream-processing bookkeeping: consumer offsets and detector state committed in the same
 * transaction as the rows they produced, and the keyframes that make replay seeks cheap.
 */
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
} from 'drizzle-orm/pg-core';
import { pointColumn } from '../geometry';
import { tstz } from './columns';

export const consumerCheckpoints = pgTable(
  'consumer_checkpoints',
  {
    groupId: text('group_id').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    /** Offset of the next message to consume (Kafka's committed-offset convention). */
    nextOffset: bigint('next_offset', { mode: 'bigint' }).notNull(),
    /** Detector state and dedup window for this partition. */
    state: jsonb('state').$type<unknown>().notNull().default({}),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'consumer_checkpoints_pkey', columns: [t.groupId, t.topic, t.partition] })],
);

/**
 * One row per entity per keyframe: the state of every sensor and open incident at `at` (assets are in
 * `replay_asset_keyframes`). A replay seek reads the last keyframe at or before T, then the history
 * rows after it.
 */
export const replayKeyframes = pgTable(
  'replay_keyframes',
  {
    at: tstz('at').notNull(),
    /** asset, sensor, incident, alert */
    entityKind: text('entity_kind').notNull(),
    entityId: text('entity_id').notNull(),
    position: pointColumn('position'),
    state: jsonb('state').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'replay_keyframes_pkey', columns: [t.at, t.entityKind, t.entityId] }),
    index('replay_keyframes_entity_at_idx').on(t.entityKind, t.entityId, t.at),
  ],
);

/**
 * The asset part of a keyframe, packed: one row per keyframe instant with parallel arrays (one element
 * per asset, by asset id in byte order) of each asset's last fix at `at`. A seek reads one row instead
 * of one per asset.
 */
export const replayAssetKeyframes = pgTable('replay_asset_keyframes', {
  at: tstz('at').primaryKey(),
  ids: text('ids').array().notNull(),
  lon: doublePrecision('lon').array().notNull(),
  lat: doublePrecision('lat').array().notNull(),
  /** Fix times, milliseconds since the epoch. */
  fixMs: doublePrecision('fix_ms').array().notNull(),
  speed: real('speed').array().notNull(),
  heading: real('heading').array().notNull(),
  accuracy: real('accuracy').array().notNull(),
  altitude: real('altitude').array().notNull(),
});
