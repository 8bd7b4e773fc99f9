/** What every ingest route handler receives: the log, the caches and limiters, metrics and config. */
import type { Log } from '@vigie/bus/log';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiKeyCache } from './api-key-cache';
import type { IngestTopicName } from './ensure-ingest-topics';
import type { DeviceDirectory } from './osmand/device-directory';
import type { IngestConfig } from './ingest-config';
import type { IngestMetrics } from './ingest-metrics';
import type { RateLimiter } from './token-bucket';

export interface IngestContext {
  readonly log: Log;
  readonly config: IngestConfig;
  readonly logger: FastifyBaseLogger;
  readonly metrics: IngestMetrics;
  readonly keys: ApiKeyCache;
  readonly limiter: RateLimiter;
  readonly devices: DeviceDirectory;
  readonly newId: () => string;
  /** Name on the log of a logical topic (the configured prefix applied). */
  readonly topicName: (topic: IngestTopicName) => string;
  /** Called when the log says a topic is missing: tries to create the ingest topics again. */
  readonly onUnknownTopic: () => void;
}
