/** The processor's Prometheus metrics, registered on the registry the host passes in. */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type Stage = 'decode' | 'dedup' | 'persist' | 'publish' | 'deadletter';

export interface ProcessorMetrics {
  /** Events per stage and outcome (`ok`, `invalid`, `duplicate`, `late`, `skipped`…). */
  events: Counter<'stage' | 'topic' | 'outcome'>;
  /** End offset − next offset to process, per assigned partition. */
  lag: Gauge<'topic' | 'partition'>;
  /** From the envelope's `receivedAt` (ingest) to the database commit. */
  persistLatency: Histogram<'topic'>;
  batchSize: Histogram<'topic'>;
  batchDuration: Histogram<'topic'>;
  /** Batches that failed and will be delivered again, by reason. */
  retries: Counter<'topic' | 'reason'>;
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

/** Creates the metrics, or returns those already on the registry (a second processor in one process). */
export function createProcessorMetrics(registry: Registry): ProcessorMetrics {
  const registers = [registry];
  return {
    events:
      existing(registry, 'vigie_processor_events_total') ??
      new Counter({
        name: 'vigie_processor_events_total',
        help: 'Events handled by the processor, per stage and outcome',
        labelNames: ['stage', 'topic', 'outcome'] as const,
        registers,
      }),
    lag:
      existing(registry, 'vigie_processor_consumer_lag') ??
      new Gauge({
        name: 'vigie_processor_consumer_lag',
        help: 'Records not yet processed per partition (end offset minus next offset)',
        labelNames: ['topic', 'partition'] as const,
        registers,
      }),
    persistLatency:
      existing(registry, 'vigie_processor_persist_latency_seconds') ??
      new Histogram({
        name: 'vigie_processor_persist_latency_seconds',
        help: 'Time from ingest (envelope receivedAt) to the database commit',
        labelNames: ['topic'] as const,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers,
      }),
    batchSize:
      existing(registry, 'vigie_processor_batch_size') ??
      new Histogram({
        name: 'vigie_processor_batch_size',
        help: 'Records per batch',
        labelNames: ['topic'] as const,
        buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
        registers,
      }),
    batchDuration:
      existing(registry, 'vigie_processor_batch_duration_seconds') ??
      new Histogram({
        name: 'vigie_processor_batch_duration_seconds',
        help: 'Time to handle one batch: decode, transaction, publication, commit',
        labelNames: ['topic'] as const,
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers,
      }),
    retries:
      existing(registry, 'vigie_processor_batch_retries_total') ??
      new Counter({
        name: 'vigie_processor_batch_retries_total',
        help: 'Batches that failed and will be delivered again, by reason',
        labelNames: ['topic', 'reason'] as const,
        registers,
      }),
  };
}
