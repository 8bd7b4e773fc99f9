/**
 * Keeps the consumer-lag gauge current: every few seconds, for each partition this process is
 * assigned, the end offset of the log minus the next offset the database checkpoint says to process.
 */
import type { Consumer, Log } from '@vigie/bus/log';
import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoint-store';
import { describeError } from './database-error';
import type { ProcessorMetrics } from './processor-metrics';

export interface LagSource {
  /** Topic on the log, and the name it is reported under. */
  readonly topic: string;
  readonly label: string;
}

export interface LagRefresh {
  /** Refreshes now; resolves with the total lag of the assigned partitions. */
  refresh(): Promise<number>;
  stop(): void;
}

export function startLagRefresh(options: {
  log: Log;
  consumers: () => readonly Consumer[];
  sources: readonly LagSource[];
  checkpoints: CheckpointStore;
  metrics: ProcessorMetrics;
  intervalMs: number;
  logger: Logger;
  /** Called on every tick before the lag is computed (e.g. to align newly assigned partitions). */
  beforeTick?: () => Promise<void>;
}): LagRefresh {
  const reported = new Set<string>();
  let running: Promise<number> | undefined;

  async function refreshNow(): Promise<number> {
    const assigned = new Set(
      options.consumers().flatMap((c) => c.assignment().map((tp) => `${tp.topic}\u0000${tp.partition}`)),
    );
    const seen = new Set<string>();
    let total = 0;
    for (const source of options.sources) {
      const offsets = await options.log.topicOffsets(source.topic);
      const next = options.checkpoints.nextOffsets(source.topic);
      for (const { partition, start, end } of offsets) {
        if (!assigned.has(`${source.topic}\u0000${partition}`)) continue;
        const from = BigInt(next.get(partition) ?? start);
        const lag = Number(BigInt(end) > from ? BigInt(end) - from : 0n);
        options.metrics.lag.set({ topic: source.label, partition: String(partition) }, lag);
        seen.add(`${source.label}\u0000${partition}`);
        total += lag;
      }
    }
    for (const key of reported) {
      if (seen.has(key)) continue;
      const [topic, partition] = key.split('\u0000') as [string, string];
      options.metrics.lag.remove({ topic, partition });
    }
    reported.clear();
    for (const key of seen) reported.add(key);
    return total;
  }

  function refresh(): Promise<number> {
    running ??= refreshNow().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    (options.beforeTick ?? (async () => undefined))()
      .then(refresh)
      .catch((error: unknown) => {
        options.logger.debug({ ...describeError(error) }, 'consumer lag not refreshed');
      });
  }, options.intervalMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
