/**
 * The MQTT bridge: subscribes to the configured topic patterns on a broker and appends what the
 * messages say to `raw.readings` / `raw.positions`; messages that cannot be used go to `deadletter`
 * with the reason and their bytes. Messages are gathered and produced in batches; when the log
 * refuses a batch it is retried with back-off (at most `maxPending` messages wait, then new ones are
 * dropped and counted). Lost broker connections are retried with a doubling delay.
 */
import type { Log, ProduceRecord } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { FastifyBaseLogger } from 'fastify';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { deadLetterRecord } from '../dead-letter-record';
import type { IngestTopicName } from '../ensure-ingest-topics';
import { importRecord } from '../imports/publish-import';
import type { IngestConfig } from '../ingest-config';
import { publishRecords } from '../publish-records';
import { mapMqttMessage } from './map-mqtt-message';
import { reconnectDelayMs } from './mqtt-backoff';
import { matchTopic } from './mqtt-mappings';
import type { MqttMapping } from './mqtt-mappings';

export interface MqttBridgeConfig {
  /** `mqtt://host:1883`, `mqtts://…`, `ws://…`. */
  readonly url: string;
  readonly mappings: readonly MqttMapping[];
  /** Envelope source of the events. */
  readonly source: string;
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  readonly qos: 0 | 1;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** Messages waiting for the log, at most. */
  readonly maxPending: number;
}

export interface MqttBridgeStats {
  received: number;
  accepted: number;
  rejected: number;
  unmatched: number;
  dropped: number;
  reconnects: number;
}

export interface RunningMqttBridge {
  stats(): MqttBridgeStats;
  connected(): boolean;
  /** True once the subscriptions of the current connection are granted. */
  subscribed(): boolean;
  stop(): Promise<void>;
}

interface Pending {
  topic: string;
  payload: Buffer;
  receivedAt: Date;
}

export function startMqttBridge(deps: {
  log: Log;
  ingest: IngestConfig;
  config: MqttBridgeConfig;
  logger: FastifyBaseLogger;
}): RunningMqttBridge {
  const { log, ingest, config } = deps;
  const logger = deps.logger.child({ component: 'mqtt', broker: config.url.replace(/\/\/[^@/]*@/, '//') });
  const stats: MqttBridgeStats = {
    received: 0,
    accepted: 0,
    rejected: 0,
    unmatched: 0,
    dropped: 0,
    reconnects: 0,
  };
  const topicName = (topic: IngestTopicName) => `${ingest.topicPrefix}${topic}`;
  let pending: Pending[] = [];
  let flushing: Promise<void> | undefined;
  let stopped = false;
  let failures = 0;
  let attempts = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let subscribed = false;

  const client: MqttClient = mqtt.connect(config.url, {
    clientId: config.clientId,
    reconnectPeriod: config.reconnectMinMs,
    connectTimeout: 10_000,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
  });

  client.on('connect', () => {
    attempts = 0;
    client.options.reconnectPeriod = config.reconnectMinMs;
    const patterns = Object.fromEntries(config.mappings.map((m) => [m.pattern, { qos: config.qos }]));
    client.subscribe(patterns, (error) => {
      if (error) logger.error({ err: error }, 'MQTT subscription refused');
      else {
        subscribed = true;
        logger.info({ patterns: Object.keys(patterns) }, 'MQTT bridge subscribed');
      }
    });
  });
  client.on('reconnect', () => {
    stats.reconnects++;
  });
  client.on('close', () => {
    subscribed = false;
    if (stopped) return;
    client.options.reconnectPeriod = reconnectDelayMs(
      attempts++,
      config.reconnectMinMs,
      config.reconnectMaxMs,
    );
    logger.warn({ retryInMs: client.options.reconnectPeriod }, 'MQTT connection lost; reconnecting');
  });
  client.on('error', (error) => logger.warn({ err: error }, 'MQTT client error'));
  client.on('message', (topic, payload) => {
    stats.received++;
    if (pending.length >= config.maxPending) {
      stats.dropped++;
      return;
    }
    pending.push({ topic, payload, receivedAt: new Date() });
    schedule();
  });

  function schedule(delayMs = 0): void {
    if (flushing || stopped || retryTimer) return;
    if (delayMs > 0) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        schedule();
      }, delayMs);
      return;
    }
    flushing = flush().finally(() => {
      flushing = undefined;
      if (pending.length > 0) schedule(failures > 0 ? reconnectDelayMs(failures - 1, 200, 10_000) : 0);
    });
  }

  async function flush(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const batch = pending.slice(0, 1_000);
    const byTopic = new Map<string, ProduceRecord[]>();
    const add = (topic: IngestTopicName, record: ProduceRecord) => {
      const name = topicName(topic);
      const list = byTopic.get(name) ?? [];
      list.push(record);
      byTopic.set(name, list);
    };
    let accepted = 0;
    let rejected = 0;
    let unmatched = 0;
    const failedAt = new Date().toISOString();
    for (const message of batch) {
      const mapping = config.mappings.find((m) => matchTopic(m.pattern, message.topic) !== undefined);
      const captures = mapping === undefined ? undefined : matchTopic(mapping.pattern, message.topic);
      if (mapping === undefined || captures === undefined) {
        unmatched++;
        continue;
      }
      const id = captures.length > 0 ? captures.join(':') : message.topic;
      const mapped = mapMqttMessage(mapping.target, id, message.payload, message.receivedAt);
      let issues: { path: string; message: string }[];
      if (mapped.ok) {
        const result = importRecord(
          mapped.topic,
          config.source,
          {
            where: message.topic,
            occurredAt: mapped.occurredAt,
            payload: mapped.payload,
            original: `${message.topic}\n${message.payload.toString('base64')}\n${message.receivedAt.toISOString()}`,
          },
          failedAt,
        );
        if (result.ok) {
          add(mapped.topic, result.record);
          accepted++;
          continue;
        }
        issues = result.issues;
      } else {
        issues = [{ path: '', message: `${message.topic}: ${mapped.reason}` }];
      }
      rejected++;
      add(
        'deadletter',
        deadLetterRecord({
          originTopic: mapped.topic,
          code: 'VALIDATION_FAILED',
          issues,
          original: message.payload,
          source: config.source,
          failedAt,
          newId: newEventId,
          consumer: 'ingest.mqtt',
        }),
      );
    }
    try {
      await publishRecords(log, ingest, byTopic);
    } catch (error) {
      failures++;
      logger.warn({ err: error, waiting: pending.length }, 'the log refused MQTT messages; retrying');
      return;
    }
    failures = 0;
    pending = pending.slice(batch.length);
    stats.accepted += accepted;
    stats.rejected += rejected;
    stats.unmatched += unmatched;
  }

  return {
    stats: () => ({ ...stats }),
    connected: () => client.connected,
    subscribed: () => subscribed && client.connected,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
      await flushing;
      if (pending.length > 0) await flush();
    },
  };
}
