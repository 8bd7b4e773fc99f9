/**
 * What the ingest routes need to know, passed down from `env.ts` (or built by a host process or a
 * test). Every field has a default in `defaultIngestConfig`.
 */
import type { TAssetKind } from '@vigie/contracts/assets';
import type { CdcConfig } from './cdc/start-cdc-consumer';
import type { ListenerSpec } from './listeners/parse-listener-specs';
import type { LineListenerLimits } from './listeners/start-line-listener';
import type { MediaStorageConfig } from '@vigie/storage/create-object-store';
import type { MqttBridgeConfig } from './mqtt/start-mqtt-bridge';

/** Unit in which OsmAnd query-string requests send `speed`. Traccar Client sends knots. */
export type SpeedUnit = 'kn' | 'mps' | 'kmh';

export interface IngestConfig {
  /** Largest request body accepted on `POST /api/v1/events`, bytes. */
  readonly maxBodyBytes: number;
  /** Largest number of events in one request. */
  readonly maxEventsPerRequest: number;
  /** Largest request body accepted on the OsmAnd endpoint, bytes. */
  readonly osmandMaxBodyBytes: number;
  /** Per API key token bucket: sustained events per second. */
  readonly rateLimitPerSecond: number;
  /** Per API key token bucket: burst size, events. */
  readonly rateLimitBurst: number;
  /** How long a verified API key is trusted without asking the database again, ms. */
  readonly keyCacheTtlMs: number;
  /** How long an unknown token is remembered as unknown (spares the database), ms. */
  readonly negativeKeyCacheTtlMs: number;
  /** How long an answer about a device (registered or not) is cached, ms. */
  readonly deviceCacheTtlMs: number;
  /** Longest wait for the log to acknowledge a produce before answering 503, ms. */
  readonly produceTimeoutMs: number;
  /** `Retry-After` sent with 503 answers, seconds. */
  readonly unavailableRetryAfterS: number;
  /** Prefix added to every topic name (isolates test runs or tenants on a shared broker). */
  readonly topicPrefix: string;
  /** Partitions of the topics ingest creates when they are missing. */
  readonly topicPartitions: number;
  /** OsmAnd query-string `speed` unit. */
  readonly osmandSpeedUnit: SpeedUnit;
  /** Kind given to devices registered on their first fix. */
  readonly osmandDefaultAssetKind: TAssetKind;
  /** Largest CAP document accepted on `POST /api/v1/cap`, bytes. */
  readonly capMaxBodyBytes: number;
  /** Largest USGS/GDACS file accepted on `POST /api/v1/imports/usgs|gdacs`, bytes. */
  readonly alertImportMaxBodyBytes: number;
  /** Alert documents (CAP pushes, USGS/GDACS imports) one API key may send per minute. */
  readonly alertDocumentsPerMinute: number;
  /** Largest file accepted by the import endpoints (GPX, NMEA, AIS, stock), bytes. */
  readonly importMaxBodyBytes: number;
  /** Largest media file accepted on `POST /api/v1/media`, bytes. */
  readonly mediaMaxBodyBytes: number;
  /** Where media files go: a local directory (default) or an S3-compatible bucket. */
  readonly mediaStorage: MediaStorageConfig;
  /** NMEA/AIS line listeners to start (none by default). */
  readonly listeners?: readonly ListenerSpec[];
  readonly listenerLimits?: Partial<LineListenerLimits>;
  /** The MQTT bridge, when a broker is configured. */
  readonly mqtt?: MqttBridgeConfig;
  /** The change-data-capture consumer, when enabled. */
  readonly cdc?: CdcConfig;
}

export const defaultIngestConfig: IngestConfig = {
  maxBodyBytes: 5 * 1024 * 1024,
  maxEventsPerRequest: 10_000,
  osmandMaxBodyBytes: 64 * 1024,
  rateLimitPerSecond: 25_000,
  rateLimitBurst: 50_000,
  keyCacheTtlMs: 30_000,
  negativeKeyCacheTtlMs: 5_000,
  deviceCacheTtlMs: 30_000,
  produceTimeoutMs: 10_000,
  unavailableRetryAfterS: 5,
  topicPrefix: '',
  topicPartitions: 8,
  osmandSpeedUnit: 'kn',
  osmandDefaultAssetKind: 'vehicle',
  capMaxBodyBytes: 1024 * 1024,
  alertImportMaxBodyBytes: 10 * 1024 * 1024,
  alertDocumentsPerMinute: 120,
  importMaxBodyBytes: 20 * 1024 * 1024,
  mediaMaxBodyBytes: 200 * 1024 * 1024,
  mediaStorage: { kind: 'local', directory: './.data/media' },
};
