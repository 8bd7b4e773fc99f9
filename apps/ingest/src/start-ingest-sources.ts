/**
 * The ingest sources that are not HTTP routes, each started only when configured: the NMEA/AIS line
 * listeners, the MQTT bridge and the change-data-capture consumer. Hosts (the standalone ingest and
 * the one-process `npm start`) call this after registering the routes and `stop()` on shutdown.
 */
import type { Log } from '@vigie/bus/log';
import type { FastifyBaseLogger } from 'fastify';
import { startCdcConsumer } from './cdc/start-cdc-consumer';
import type { RunningCdcConsumer } from './cdc/start-cdc-consumer';
import { ensureIngestTopics } from './ensure-ingest-topics';
import type { IngestConfig } from './ingest-config';
import { startLineListener } from './listeners/start-line-listener';
import type { RunningLineListener } from './listeners/start-line-listener';
import { startMqttBridge } from './mqtt/start-mqtt-bridge';
import type { RunningMqttBridge } from './mqtt/start-mqtt-bridge';

export interface RunningIngestSources {
  readonly listeners: readonly RunningLineListener[];
  readonly mqtt: RunningMqttBridge | undefined;
  readonly cdc: RunningCdcConsumer | undefined;
  stop(): Promise<void>;
}

export async function startIngestSources(deps: {
  log: Log;
  logger: FastifyBaseLogger;
  ingest: IngestConfig;
}): Promise<RunningIngestSources> {
  const { log, logger, ingest } = deps;
  const listeners: RunningLineListener[] = [];
  let mqtt: RunningMqttBridge | undefined;
  let cdc: RunningCdcConsumer | undefined;
  const needsTopics =
    (ingest.listeners?.length ?? 0) > 0 || ingest.mqtt !== undefined || ingest.cdc !== undefined;
  if (needsTopics) await ensureIngestTopics(log, ingest);
  try {
    for (const spec of ingest.listeners ?? []) {
      listeners.push(
        await startLineListener({
          spec,
          log,
          ingest,
          logger,
          ...(ingest.listenerLimits === undefined ? {} : { limits: ingest.listenerLimits }),
        }),
      );
    }
    if (ingest.mqtt !== undefined) mqtt = startMqttBridge({ log, ingest, config: ingest.mqtt, logger });
    if (ingest.cdc !== undefined) {
      const topic = ingest.cdc.topic;
      // The connector usually creates its topic; create it when absent so the consumer can join.
      await log
        .createTopics([{ name: topic, partitions: ingest.topicPartitions }])
        .catch((error: unknown) => {
          logger.warn({ err: error, topic }, 'could not create the change-data-capture topic');
        });
      cdc = await startCdcConsumer({ log, ingest, cdc: ingest.cdc, logger });
    }
  } catch (error) {
    for (const listener of listeners) await listener.stop();
    await mqtt?.stop();
    throw error;
  }
  return {
    listeners,
    mqtt,
    cdc,
    async stop() {
      await cdc?.stop();
      await mqtt?.stop();
      for (const listener of listeners) await listener.stop();
    },
  };
}
