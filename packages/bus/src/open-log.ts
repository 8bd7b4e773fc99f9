/**
 * Opens the log an app was configured for: Apache Kafka when brokers are given, the embedded log in
 * `dataDir` otherwise. Both satisfy the same `Log` interface, so nothing above this call differs.
 */
import { openEmbeddedLog } from './embedded-log';
import { connectKafkaLog } from './kafka-log';
import type { KafkaLogOptions } from './kafka-log';
import type { Log } from './log';
import type { Logger } from './logger';

export interface OpenLogConfig {
  /** Kafka bootstrap brokers; empty or absent selects the embedded log. */
  readonly brokers?: readonly string[];
  /** Directory of the embedded log (ignored with Kafka). */
  readonly dataDir: string;
  readonly clientId?: string;
  readonly logger?: Logger;
  /** Further Kafka settings (consumer-group timings, retries…), ignored with the embedded log. */
  readonly kafka?: Omit<KafkaLogOptions, 'brokers' | 'clientId' | 'logger'>;
}

export async function openLog(config: OpenLogConfig): Promise<Log> {
  if (config.brokers && config.brokers.length > 0) {
    return connectKafkaLog({
      ...config.kafka,
      brokers: config.brokers,
      ...(config.clientId ? { clientId: config.clientId } : {}),
      ...(config.logger ? { logger: config.logger } : {}),
    });
  }
  return openEmbeddedLog({ directory: config.dataDir, ...(config.logger ? { logger: config.logger } : {}) });
}
