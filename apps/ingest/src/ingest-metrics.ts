/** Prometheus metrics of the ingest routes, registered on the registry the host passes in. */
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type EventOutcome = 'accepted' | 'rejected' | 'forbidden' | 'rate_limited' | 'unavailable';

export interface IngestMetrics {
  /** Events by kind (`position`, `reading`, `report`, `unknown`) and outcome. */
  events: Counter<'kind' | 'outcome'>;
  requestDuration: Histogram<'route' | 'method' | 'status'>;
}

function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  return {
    events: reuse(
      registry,
      'vigie_ingest_events_total',
      () =>
        new Counter({
          name: 'vigie_ingest_events_total',
          help: 'Events received by ingest, by kind and outcome',
          labelNames: ['kind', 'outcome'] as const,
          registers: [registry],
        }),
    ),
    requestDuration: reuse(
      registry,
      'vigie_ingest_request_duration_seconds',
      () =>
        new Histogram({
          name: 'vigie_ingest_request_duration_seconds',
          help: 'Duration of ingest HTTP requests, from arrival to the answer (log acknowledgement included)',
          labelNames: ['route', 'method', 'status'] as const,
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
    ),
  };
}
