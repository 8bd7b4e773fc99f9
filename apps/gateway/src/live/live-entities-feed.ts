/**
 * Keeps the entity index current from the `live.entities` topic, and closes the gap with the
 * database snapshot.
 *
 * The consumer uses a group of its own per gateway process (nothing is committed: every process
 * builds its index from scratch), starts at the end of the topic, and as soon as it has joined seeks
 * every partition back to the records of the last `catchUpMs`. Only then is the database snapshot read
 * (`loadSnapshot`). So a change is never lost between the two: either its record is at or after the
 * sought position (the consumer gets it), or it was published more than `catchUpMs` before the
 * snapshot was read and the processor had long written it to the database (the snapshot has it). The
 * index makes both orders safe: log states replace snapshot states, and an older log state never
 * replaces a newer one.
 *
 * When the topic does not exist yet or the log is unavailable, the feed retries with backoff; the
 * gateway is not ready meanwhile.
 */
import { RECEIVED_AT_HEADER } from '@vigie/contracts/record-headers';
import type { Consumer, Log, MessageBatch } from '@vigie/bus/log';
import { isLogError } from '@vigie/bus/log';
import { decodeTopicMessage } from '@vigie/contracts/topics';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { EntityIndex, EntityUpdate } from './entity-index';

export interface LiveEntitiesFeedOptions {
  log: Log;
  /** Topic carrying `live.entities` messages. */
  topic: string;
  groupId: string;
  catchUpMs: number;
  index: EntityIndex;
  metrics: GatewayMetrics;
  logger: Logger;
}

export class LiveEntitiesFeed {
  private consumer: Consumer | undefined;
  private closed = false;
  private runningNow = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly options: LiveEntitiesFeedOptions;
  private readonly logger: Logger;

  constructor(options: LiveEntitiesFeedOptions) {
    this.options = options;
    this.logger = options.logger.child({ component: 'live-feed', topic: options.topic });
  }

  /** True once the consumer has joined and sought back. */
  get running(): boolean {
    return this.runningNow;
  }

  /**
   * Starts consuming in the background; resolves once the consumer runs, or after `waitMs` if it
   * cannot start yet (it keeps retrying).
   */
  async start(waitMs = 10_000): Promise<boolean> {
    let started!: (ok: boolean) => void;
    const first = new Promise<boolean>((resolve) => (started = resolve));
    this.loop = this.run(started);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs).unref());
    return Promise.race([first, timeout]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
    await this.consumer
      ?.close()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'consumer close failed'));
    this.runningNow = false;
  }

  private async run(started: (ok: boolean) => void): Promise<void> {
    let backoffMs = 250;
    while (!this.closed) {
      try {
        const consumer = await this.options.log.consumer({
          groupId: this.options.groupId,
          topics: [this.options.topic],
          startFrom: 'latest',
          maxBatchSize: 2000,
          onBatch: async (batch) => this.apply(batch),
        });
        if (this.closed) {
          await consumer.close();
          break;
        }
        try {
          await this.seekBack(consumer);
        } catch (error) {
          await consumer.close().catch(() => undefined);
          throw error;
        }
        this.consumer = consumer;
        this.runningNow = true;
        this.logger.info({ groupId: this.options.groupId }, 'consuming live entities');
        started(true);
        return;
      } catch (error) {
        const code = isLogError(error) ? error.code : undefined;
        this.logger.warn({ err: error, code, retryInMs: backoffMs }, 'cannot consume live entities yet');
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, backoffMs).unref();
        });
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
    started(false);
  }

  private async seekBack(consumer: Consumer): Promise<void> {
    const { log, topic, catchUpMs } = this.options;
    const deadline = Date.now() + 10_000;
    while (consumer.assignment().length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const offsets = await log.offsetsForTimestamp(topic, Date.now() - catchUpMs);
    const assigned = new Set(consumer.assignment().map((tp) => tp.partition));
    for (const { partition, offset } of offsets) {
      if (assigned.has(partition)) await consumer.seek({ topic, partition, offset });
    }
  }

  private async apply(batch: MessageBatch): Promise<void> {
    const updates: EntityUpdate[] = [];
    let invalid = 0;
    for (const record of batch.messages) {
      const decoded = decodeTopicMessage('live.entities', record.value);
      if (!decoded.ok) {
        invalid++;
        this.logger.debug(
          { partition: batch.partition, offset: record.offset, problem: decoded.summary },
          'skipped an invalid live entity',
        );
        continue;
      }
      const headerTime = record.headers[RECEIVED_AT_HEADER];
      const sourceTime = headerTime === undefined ? Number.NaN : Date.parse(headerTime);
      updates.push({
        entity: decoded.message.payload,
        receivedAtMs: Number.isNaN(sourceTime) ? Date.parse(decoded.message.receivedAt) : sourceTime,
      });
    }
    const applied = this.options.index.applyFromLog(updates);
    const { liveMessages } = this.options.metrics;
    if (applied > 0) liveMessages.inc({ outcome: 'applied' }, applied);
    if (updates.length > applied) liveMessages.inc({ outcome: 'stale' }, updates.length - applied);
    if (invalid > 0) liveMessages.inc({ outcome: 'invalid' }, invalid);
  }
}
