/**
 * The gateway's configuration, read from the environment once at boot (the only file that reads
 * `process.env`) and passed down as a plain `GatewayConfig`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
);

const ZGatewayEnv = z.object({
  NODE_ENV: z.string().default('development'),
  DATABASE_URL: z.url().optional(),
  KAFKA_BROKERS: list.optional(),
  REDIS_URL: z.url().optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Trust X-Forwarded-* from: `true` (any proxy), or a comma-separated list of addresses/CIDRs. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string[] =>
      v === 'true' ? true : v === 'false' || v === '' ? false : v.split(',').map((p) => p.trim()),
    ),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VIGIE_DATA_DIR: z.string().min(1).default('./.data'),
  /** Public origin of the web app (https://vigie.example.org); also accepted as a request Origin. */
  PUBLIC_URL: z.url().optional(),
  /** Extra origins allowed to send state-changing requests, comma-separated. */
  ALLOWED_ORIGINS: list.optional(),
  COOKIE_SECURE: booleanFlag.optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  LIVE_TICK_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  LIVE_FIELD_TICK_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  LIVE_FIELD_RADIUS_KM: z.coerce.number().positive().max(500).default(10),
  LIVE_RING_CAPACITY: z.coerce.number().int().min(1000).max(10_000_000).default(200_000),
  LIVE_CATCH_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  LIVE_ENTITIES_TOPIC: z.string().min(1).default('live.entities'),
  ADMIN_EMAIL: z.email().default('admin@vigie.local'),
  COMMANDS_TOPIC: z.string().min(1).default('commands'),
  LIVE_ALERTS_TOPIC: z.string().min(1).default('live.alerts'),
  LIVE_INCIDENTS_TOPIC: z.string().min(1).default('live.incidents'),
  RAW_REPORTS_TOPIC: z.string().min(1).default('raw.reports'),
  RAW_INVENTORY_TOPIC: z.string().min(1).default('raw.inventory'),
  RAW_MEDIA_TOPIC: z.string().min(1).default('raw.media'),
  /** Unacknowledged severe/extreme alerts escalate after this delay. */
  ESCALATION_DELAY_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(5),
  ESCALATION_CHECK_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** How often the zones layer looks for changed zones. */
  ZONES_POLL_SECONDS: z.coerce.number().positive().max(3600).default(10),
  /** SMTP server for e-mail notifications (smtp://user:pass@host:587, smtps://…); unset: no e-mail. */
  SMTP_URL: z.url().optional(),
  SMTP_FROM: z.string().min(3).default('Vigie <vigie@localhost>'),
  NOTIFY_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  GATEWAY_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
});

export interface GatewayConfig {
  host: string;
  port: number;
  /** Fastify `trustProxy`: hops of X-Forwarded-* to trust for the client address and protocol. */
  trustProxy: boolean | string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL URL; absent: PGlite in `pgliteDir`. */
  databaseUrl: string | undefined;
  pgliteDir: string;
  /** Kafka brokers; empty: the embedded log in `logDir`. */
  kafkaBrokers: string[];
  logDir: string;
  redisUrl: string | undefined;
  /** Unique per process: names the live consumer group and the log client. */
  instanceId: string;
  /** Origins allowed on state-changing requests besides the request's own host. */
  allowedOrigins: string[];
  cookieSecure: boolean;
  sessionTtlMs: number;
  login: { maxFailures: number; windowMs: number };
  live: {
    topic: string;
    /** Delta tick for desktop roles. */
    tickMs: number;
    /** Delta tick for the field role (phones, weak networks). */
    fieldTickMs: number;
    /** Half side, in metres, of the square a field user's interest is clamped to. */
    fieldRadiusM: number;
    /** Changes kept for resync and for clients that fall behind. */
    ringCapacity: number;
    /** How far back the live consumer rereads the topic at start, to cover the database snapshot. */
    catchUpMs: number;
  };
  adminEmail: string;
  /** Topics the gateway publishes to (commands, raw.reports, raw.inventory) and consumes (live.*). */
  topics: {
    commands: string;
    liveAlerts: string;
    liveIncidents: string;
    rawReports: string;
    rawInventory: string;
    rawMedia: string;
  };
  escalation: { delayMs: number; checkMs: number };
  zonesPollMs: number;
  notifications: { smtpUrl: string | undefined; from: string; webhookTimeoutMs: number };
}

/** Parses an environment (default `process.env`) into the gateway configuration; throws naming the bad variable. */
export function readGatewayConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  // An empty variable (`DATABASE_URL=` in a compose file) means unset.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = ZGatewayEnv.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid gateway configuration: ${problems}`);
  }
  const env = parsed.data;
  const origins = [...(env.ALLOWED_ORIGINS ?? [])];
  if (env.PUBLIC_URL !== undefined) origins.push(new URL(env.PUBLIC_URL).origin);
  const behindHttps = env.PUBLIC_URL?.startsWith('https:') ?? false;
  return {
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    pgliteDir: join(env.VIGIE_DATA_DIR, 'pglite'),
    kafkaBrokers: env.KAFKA_BROKERS ?? [],
    logDir: join(env.VIGIE_DATA_DIR, 'log'),
    redisUrl: env.REDIS_URL,
    instanceId: env.GATEWAY_INSTANCE_ID ?? `gw-${randomBytes(6).toString('hex')}`,
    allowedOrigins: origins,
    cookieSecure: env.COOKIE_SECURE ?? (behindHttps || env.NODE_ENV === 'production'),
    sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
    login: { maxFailures: env.LOGIN_MAX_FAILURES, windowMs: env.LOGIN_WINDOW_MINUTES * 60_000 },
    live: {
      topic: env.LIVE_ENTITIES_TOPIC,
      tickMs: env.LIVE_TICK_MS,
      fieldTickMs: env.LIVE_FIELD_TICK_MS,
      fieldRadiusM: env.LIVE_FIELD_RADIUS_KM * 1000,
      ringCapacity: env.LIVE_RING_CAPACITY,
      catchUpMs: env.LIVE_CATCH_UP_SECONDS * 1000,
    },
    adminEmail: env.ADMIN_EMAIL,
    topics: {
      commands: env.COMMANDS_TOPIC,
      liveAlerts: env.LIVE_ALERTS_TOPIC,
      liveIncidents: env.LIVE_INCIDENTS_TOPIC,
      rawReports: env.RAW_REPORTS_TOPIC,
      rawInventory: env.RAW_INVENTORY_TOPIC,
      rawMedia: env.RAW_MEDIA_TOPIC,
    },
    escalation: {
      delayMs: env.ESCALATION_DELAY_MINUTES * 60_000,
      checkMs: env.ESCALATION_CHECK_SECONDS * 1000,
    },
    zonesPollMs: env.ZONES_POLL_SECONDS * 1000,
    notifications: {
      smtpUrl: env.SMTP_URL,
      from: env.SMTP_FROM,
      webhookTimeoutMs: env.NOTIFY_WEBHOOK_TIMEOUT_MS,
    },
  };
}
