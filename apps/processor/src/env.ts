/** The processor's environment, validated once at boot. The only file that reads `process.env`. */
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const ZEnv = z.object({
  /** PostgreSQL + PostGIS; absent → PGlite in `${VIGIE_DATA_DIR}/pglite`. */
  DATABASE_URL: optionalText,
  /** Comma-separated Kafka brokers; absent → embedded log in `${VIGIE_DATA_DIR}/log`. */
  KAFKA_BROKERS: optionalText,
  VIGIE_DATA_DIR: z.string().default('./.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_CLIENT_ID: z.string().default('vigie-processor'),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().positive().optional(),
  KAFKA_REBALANCE_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  KAFKA_MAX_WAIT_MS: z.coerce.number().int().positive().optional(),
  PROCESSOR_GROUP_ID: z.string().default('vigie-processor'),
  PROCESSOR_TOPIC_PREFIX: z.string().default(''),
  PROCESSOR_PARTITIONS: z.coerce.number().int().min(1).default(6),
  PROCESSOR_BATCH_SIZE: z.coerce.number().int().min(1).default(1000),
  PROCESSOR_CONSUMERS: z.coerce.number().int().min(1).default(2),
  PROCESSOR_H3_RESOLUTION: z.coerce.number().int().min(0).max(15).default(7),
  PROCESSOR_DEDUP_WINDOW_MS: z.coerce.number().int().min(1).default(600_000),
  PROCESSOR_DEDUP_MAX_ENTRIES: z.coerce.number().int().min(1).default(200_000),
  PROCESSOR_ANOMALY_SENSITIVITY: z.coerce.number().positive().default(1),
  PROCESSOR_LAG_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** Port of /metrics, /healthz and /readyz; 0 picks a free port, -1 serves none. */
  PROCESSOR_HTTP_PORT: z.coerce.number().int().min(-1).max(65_535).default(9464),
  PROCESSOR_HTTP_HOST: z.string().default('127.0.0.1'),
  /** Minutes between replay keyframes; 0 turns the keyframe writer off. */
  PROCESSOR_KEYFRAME_INTERVAL_MINUTES: z.coerce.number().min(0).default(5),
  /** History retention in days per table, e.g. `positions=90,readings=90,replay_keyframes=90`; unset: forever. */
  PROCESSOR_RETENTION_DAYS: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const days: Record<string, number> = {};
      for (const part of s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')) {
        const [table, value] = part.split('=').map((x) => x.trim());
        const n = Number(value);
        if (table === undefined || table === '' || !(n > 0)) {
          ctx.addIssue({ code: 'custom', message: `Expected table=days, got "${part}"` });
          return z.NEVER;
        }
        days[table] = n;
      }
      return days;
    })
    .pipe(
      z
        .object({
          positions: z.number().optional(),
          readings: z.number().optional(),
          reports: z.number().optional(),
          alerts: z.number().optional(),
          incident_events: z.number().optional(),
          operator_commands: z.number().optional(),
          replay_keyframes: z.number().optional(),
        })
        .strict(),
    ),
});

export type Env = z.output<typeof ZEnv>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid processor environment:\n${lines}`);
  }
  return parsed.data;
}
