/**
 * Follows one or more topics with a consumer that retries until the topics exist and the log answers,
 * hands each valid record to a handler, and commits after each batch (for shared groups, so another
 * gateway instance resumes where this one stopped).
 */
import type { Consumer, Log, MessageBatch } from '@vigie/bus/log';
import type { Logger } from 'pino';

export interface TopicFollowerOptions {
  log: Log;
  topics: string[];
  groupId: string;
  startFrom: 'earliest' | 'latest';
  logger: Logger;
  onBatch(batch: MessageBatch): Promise<void>;
}

export class TopicFollower {
  private consumer: Consumer | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private runningNow = false;

  constructor(private readonly options: TopicFollowerOptions) {}

  get running(): boolean {
    return this.runningNow;
  }

  /** Starts in the background; resolves once consuming, or after `waitMs` (it keeps retrying). */
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
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'close failed'));
    this.runningNow = false;
  }

  private async run(started: (ok: boolean) => void): Promise<void> {
    let backoffMs = 250;
    const { logger } = this.options;
    while (!this.closed) {
      try {
        const consumer = await this.options.log.consumer({
          groupId: this.options.groupId,
          topics: this.options.topics,
          startFrom: this.options.startFrom,
          maxBatchSize: 1000,
          onBatch: async (batch, c) => {
            await this.options.onBatch(batch);
            await c
              .commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }])
              .catch((error: unknown) => logger.debug({ err: error }, 'commit skipped'));
          },
        });
        if (this.closed) {
          await consumer.close();
          break;
        }
        this.consumer = consumer;
        this.runningNow = true;
        logger.info({ topics: this.options.topics, groupId: this.options.groupId }, 'following topics');
        started(true);
        return;
      } catch (error) {
        logger.warn({ err: error, retryInMs: backoffMs }, 'cannot follow the topics yet');
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, backoffMs).unref();
        });
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
    started(false);
  }
}
