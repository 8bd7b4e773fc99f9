/**
 * What the processor can be told, with its defaults. `startProcessor` takes a partial config and
 * completes it here; `env.ts` maps environment variables onto it for `main.ts`.
 */
import { z } from 'zod';

const ZTopicPrefix = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9._-]*$/, { error: 'Topic prefix: letters, digits, . _ - only' });

export const ZProcessorConfig = z.object({
  /** Consumer group on the raw topics; also the key of the checkpoints in the database. */
  groupId: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,127}$/)
    .default('vigie-processor'),
  /** Source id stamped on the events the processor creates (live.*, deadletter). */
  sourceId: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/)
    .default('vigie-processor'),
  /** Partitions of the topics the processor creates when they are missing. */
  partitions: z.int().min(1).max(1000).default(6),
  /** Prepended to every catalog topic name (`test_1.raw.positions`): isolates tests and tenants. */
  topicPrefix: ZTopicPrefix.default(''),
  /** Explicit topic names by catalog name; wins over the prefix. */
  topics: z.record(z.string(), z.string().regex(/^[A-Za-z0-9._-]{1,249}$/)).default({}),
  /** Records per batch (one database transaction each). */
  maxBatchSize: z.int().min(1).max(10_000).default(1000),
  /** Members of the consumer group run by this process (batches of different partitions in parallel). */
  consumers: z.int().min(1).max(64).default(2),
  /** H3 resolution of observation cells. */
  h3Resolution: z.int().min(0).max(15).default(7),
  dedup: z
    .object({
      /** How long an envelope id is remembered in memory. */
      windowMs: z
        .int()
        .min(1)
        .default(10 * 60_000),
      /** Most ids remembered per topic. */
      maxEntries: z.int().min(1).default(200_000),
    })
    .prefault({}),
  anomaly: z
    .object({
      sensitivity: z.number().positive().max(100).default(1),
      warmupMs: z.int().min(0).optional(),
      warmupReadings: z.int().min(1).optional(),
    })
    .prefault({}),
  /** How often the consumer-lag gauge is refreshed. */
  lagIntervalMs: z.int().min(100).default(5_000),
  /** Backoff of live.* publication after the database commit, when the log refuses writes. */
  publishRetry: z
    .object({ initialMs: z.int().min(1).default(100), maxMs: z.int().min(1).default(5_000) })
    .prefault({}),
  /** Run the operational consumers: live.alerts → incidents, commands, raw.inventory → stock. */
  operations: z.boolean().default(true),
  /** Run the raw.media consumer (media rows for the map and the gateway). */
  media: z.boolean().default(true),
  /** When an alert joins an open incident instead of opening a new one. */
  incidents: z
    .object({
      maxDistanceKm: z.number().positive().max(500).default(5),
      maxGapMinutes: z.number().positive().max(7 * 24 * 60).default(120),
      minSeverityToOpen: z.enum(['info', 'minor', 'moderate', 'severe', 'extreme']).default('minor'),
    })
    .prefault({}),
  /** Dispatch tracking: ETAs and arrivals of dispatched assets from their positions on live.entities. */
  tracking: z
    .object({
      enabled: z.boolean().default(true),
      /** How often active dispatches are read again (those applied by another process). */
      refreshMs: z.int().min(100).default(5_000),
      /** Least time between two published ETAs of one dispatch… */
      etaPublishMs: z.int().min(0).default(30_000),
      /** …unless the ETA moved by this much or more. */
      etaChangeMs: z.int().min(0).default(60_000),
      /** Distance from the destination that counts as arrived, metres. */
      arrivalRadiusM: z.number().positive().max(10_000).default(200),
    })
    .prefault({}),
  /** Check every live.* and deadletter message against its contract before producing it (tests, debugging). */
  validateOutput: z.boolean().default(false),
  /** Detection: rules on readings, anomalies, geofences, report clusters, external alerts → live.alerts. */
  detection: z
    .object({
      enabled: z.boolean().default(true),
      /** How often rules and zones are read again from the database (and expired alerts marked). */
      refreshMs: z.int().min(100).default(10_000),
      /** Insert the default rules that are missing when detection starts. */
      seedRules: z.boolean().default(true),
      /** Members of the detection consumer group run by this process. */
      consumers: z.int().min(1).max(64).default(1),
    })
    .prefault({}),
  /** Replay keyframes: the state of every asset, sensor and open incident every `intervalMs`. */
  keyframes: z
    .object({
      enabled: z.boolean().default(true),
      intervalMs: z
        .int()
        .min(1_000)
        .default(5 * 60_000),
      /** Wait after an instant before writing its keyframe, for late fixes. */
      lagMs: z.int().min(0).default(60_000),
      /** How often the writer checks for due keyframes. */
      checkMs: z.int().min(100).default(30_000),
      /** Keyframes written at most in one check after a pause (the most recent ones). */
      maxCatchUp: z.int().min(1).default(12),
    })
    .prefault({}),
  /** Retention of history: days kept per table (absent: forever), checked every `checkMs`. */
  retention: z
    .object({
      enabled: z.boolean().default(true),
      days: z
        .object({
          positions: z.number().positive().optional(),
          readings: z.number().positive().optional(),
          reports: z.number().positive().optional(),
          alerts: z.number().positive().optional(),
          incident_events: z.number().positive().optional(),
          operator_commands: z.number().positive().optional(),
          replay_keyframes: z.number().positive().optional(),
        })
        .default({}),
      checkMs: z.int().min(1_000).default(3_600_000),
      batchSize: z.int().min(1).max(1_000_000).default(10_000),
    })
    .prefault({}),
});

export type ProcessorConfig = z.output<typeof ZProcessorConfig>;
export type ProcessorConfigInput = z.input<typeof ZProcessorConfig>;

export function processorConfig(input: ProcessorConfigInput = {}): ProcessorConfig {
  return ZProcessorConfig.parse(input);
}
