/**
 * The ingest app's configuration, read from the environment once at boot: the only file that reads
 * `process.env`. Everything below receives these values as arguments.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { defaultIngestConfig } from './ingest-config';
import { parseListenerSpecs } from './listeners/parse-listener-specs';
import type { MediaStorageConfig } from '@vigie/storage/create-object-store';
import { parseMqttMappings } from './mqtt/mqtt-mappings';
import type { IngestConfig } from './ingest-config';

const d = defaultIngestConfig;

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const ZEnv = z.object({
  /** PostgreSQL URL; absent → embedded PGlite in `${VIGIE_DATA_DIR}/pglite`. */
  DATABASE_URL: optionalText,
  /** Comma-separated Kafka brokers; absent → embedded log in `${VIGIE_DATA_DIR}/log`. */
  KAFKA_BROKERS: optionalText,
  VIGIE_DATA_DIR: z.string().default('./.data'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(d.maxBodyBytes),
  INGEST_MAX_EVENTS: z.coerce.number().int().min(1).default(d.maxEventsPerRequest),
  INGEST_OSMAND_BODY_LIMIT_BYTES: z.coerce.number().int().min(256).default(d.osmandMaxBodyBytes),
  INGEST_RATE_LIMIT_PER_S: z.coerce.number().positive().default(d.rateLimitPerSecond),
  INGEST_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(d.rateLimitBurst),
  INGEST_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).default(d.keyCacheTtlMs),
  INGEST_DEVICE_CACHE_TTL_MS: z.coerce.number().int().min(0).default(d.deviceCacheTtlMs),
  INGEST_PRODUCE_TIMEOUT_MS: z.coerce.number().int().min(100).default(d.produceTimeoutMs),
  INGEST_RETRY_AFTER_S: z.coerce.number().int().min(1).default(d.unavailableRetryAfterS),
  INGEST_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
  INGEST_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1024).default(d.topicPartitions),
  OSMAND_SPEED_UNIT: z.enum(['kn', 'mps', 'kmh']).default(d.osmandSpeedUnit),
  OSMAND_DEFAULT_ASSET_KIND: z.enum(['vehicle', 'team', 'boat', 'drone', 'aircraft']).default('vehicle'),
  INGEST_IMPORT_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(d.importMaxBodyBytes),
  INGEST_MEDIA_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(d.mediaMaxBodyBytes),
  /** Media storage: a local directory (default `${VIGIE_DATA_DIR}/media`), or S3 when an endpoint is set. */
  MEDIA_DIR: optionalText,
  MEDIA_S3_ENDPOINT: optionalText,
  MEDIA_S3_BUCKET: optionalText,
  MEDIA_S3_REGION: z.string().default('us-east-1'),
  MEDIA_S3_ACCESS_KEY_ID: optionalText,
  MEDIA_S3_SECRET_ACCESS_KEY: optionalText,
  MEDIA_S3_SESSION_TOKEN: optionalText,
  /** NMEA/AIS listeners: `name=tcp://host:port/nmea?asset=id;…` (empty: none). */
  INGEST_LISTENERS: z.string().default(''),
  INGEST_LISTENER_MAX_LINE: z.coerce.number().int().min(82).max(65_536).default(1_024),
  INGEST_LISTENER_LINES_PER_S: z.coerce.number().positive().default(200),
  INGEST_LISTENER_BURST: z.coerce.number().int().min(1).default(1_000),
  /** MQTT broker of the bridge (absent: no bridge). */
  MQTT_URL: optionalText,
  MQTT_MAPPINGS: z.string().default('sensors/+/water_level=reading:water_level;trackers/+/position=position'),
  MQTT_SOURCE: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/)
    .default('mqtt'),
  MQTT_CLIENT_ID: z.string().min(1).max(64).default('vigie-ingest'),
  MQTT_USERNAME: optionalText,
  MQTT_PASSWORD: optionalText,
  MQTT_QOS: z
    .enum(['0', '1'])
    .default('1')
    .transform((q) => (q === '0' ? 0 : 1) as 0 | 1),
  /** Change-data-capture consumer of inventory change events. */
  CDC_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  CDC_TOPIC: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .default('cdc.inventory'),
  CDC_GROUP_ID: z.string().min(1).default('vigie-ingest-cdc'),
  CDC_SOURCE: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,63}$/)
    .default('cdc-inventory'),
  CDC_DEFAULT_UNIT: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._:@/+#=~-]{0,15}$/)
    .default('pcs'),
  /** Simulator defaults (the `--sim-*` flags override them). */
  SIM_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  SIM_RATE: z.coerce.number().positive().max(1_000_000).default(300),
  SIM_SEED: z.coerce.number().int().default(2021),
  SIM_SCENARIO: z.string().default('haiti-south'),
  SIM_TIME_SCALE: z.coerce.number().positive().max(3600).default(1),
});

export interface IngestEnv {
  readonly databaseUrl: string | undefined;
  readonly kafkaBrokers: string[];
  readonly dataDir: string;
  readonly pgliteDir: string;
  readonly logDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  readonly ingest: IngestConfig;
  readonly simulator: {
    readonly enabled: boolean;
    readonly rate: number;
    readonly seed: number;
    readonly scenario: string;
    readonly timeScale: number;
  };
}

function mediaStorage(e: z.infer<typeof ZEnv>): MediaStorageConfig {
  if (e.MEDIA_S3_ENDPOINT === undefined) {
    return { kind: 'local', directory: e.MEDIA_DIR ?? join(e.VIGIE_DATA_DIR, 'media') };
  }
  if (!e.MEDIA_S3_BUCKET || !e.MEDIA_S3_ACCESS_KEY_ID || !e.MEDIA_S3_SECRET_ACCESS_KEY) {
    throw new Error(
      'Invalid environment:\n  MEDIA_S3_ENDPOINT needs MEDIA_S3_BUCKET, MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY',
    );
  }
  return {
    kind: 's3',
    endpoint: e.MEDIA_S3_ENDPOINT,
    bucket: e.MEDIA_S3_BUCKET,
    region: e.MEDIA_S3_REGION,
    accessKeyId: e.MEDIA_S3_ACCESS_KEY_ID,
    secretAccessKey: e.MEDIA_S3_SECRET_ACCESS_KEY,
    ...(e.MEDIA_S3_SESSION_TOKEN === undefined ? {} : { sessionToken: e.MEDIA_S3_SESSION_TOKEN }),
  };
}

/** Parses the environment; throws one readable error naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): IngestEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    kafkaBrokers: (e.KAFKA_BROKERS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    dataDir: e.VIGIE_DATA_DIR,
    pgliteDir: join(e.VIGIE_DATA_DIR, 'pglite'),
    logDir: join(e.VIGIE_DATA_DIR, 'log'),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    ingest: {
      ...defaultIngestConfig,
      maxBodyBytes: e.INGEST_BODY_LIMIT_BYTES,
      maxEventsPerRequest: e.INGEST_MAX_EVENTS,
      osmandMaxBodyBytes: e.INGEST_OSMAND_BODY_LIMIT_BYTES,
      rateLimitPerSecond: e.INGEST_RATE_LIMIT_PER_S,
      rateLimitBurst: e.INGEST_RATE_LIMIT_BURST,
      keyCacheTtlMs: e.INGEST_KEY_CACHE_TTL_MS,
      deviceCacheTtlMs: e.INGEST_DEVICE_CACHE_TTL_MS,
      produceTimeoutMs: e.INGEST_PRODUCE_TIMEOUT_MS,
      unavailableRetryAfterS: e.INGEST_RETRY_AFTER_S,
      topicPrefix: e.INGEST_TOPIC_PREFIX,
      topicPartitions: e.INGEST_TOPIC_PARTITIONS,
      osmandSpeedUnit: e.OSMAND_SPEED_UNIT,
      osmandDefaultAssetKind: e.OSMAND_DEFAULT_ASSET_KIND,
      importMaxBodyBytes: e.INGEST_IMPORT_BODY_LIMIT_BYTES,
      mediaMaxBodyBytes: e.INGEST_MEDIA_BODY_LIMIT_BYTES,
      mediaStorage: mediaStorage(e),
      listeners: parseListenerSpecs(e.INGEST_LISTENERS),
      listenerLimits: {
        maxLineLength: e.INGEST_LISTENER_MAX_LINE,
        linesPerSecond: e.INGEST_LISTENER_LINES_PER_S,
        burst: e.INGEST_LISTENER_BURST,
      },
      ...(e.MQTT_URL === undefined
        ? {}
        : {
            mqtt: {
              url: e.MQTT_URL,
              mappings: parseMqttMappings(e.MQTT_MAPPINGS),
              source: e.MQTT_SOURCE,
              clientId: e.MQTT_CLIENT_ID,
              ...(e.MQTT_USERNAME === undefined ? {} : { username: e.MQTT_USERNAME }),
              ...(e.MQTT_PASSWORD === undefined ? {} : { password: e.MQTT_PASSWORD }),
              qos: e.MQTT_QOS,
              reconnectMinMs: 500,
              reconnectMaxMs: 30_000,
              maxPending: 100_000,
            },
          }),
      ...(e.CDC_ENABLED
        ? {
            cdc: {
              topic: e.CDC_TOPIC,
              groupId: e.CDC_GROUP_ID,
              source: e.CDC_SOURCE,
              defaultUnit: e.CDC_DEFAULT_UNIT,
            },
          }
        : {}),
    },
    simulator: {
      enabled: e.SIM_ENABLED,
      rate: e.SIM_RATE,
      seed: e.SIM_SEED,
      scenario: e.SIM_SCENARIO,
      timeScale: e.SIM_TIME_SCALE,
    },
  };
}
