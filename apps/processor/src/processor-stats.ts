/** Running totals of a processor, for tests, benchmarks and health reports. */
import type { RawTopic } from './decode-record';

export interface ProcessorStats {
  /** History rows written, per raw topic. */
  persisted: Record<RawTopic, number>;
  /** Events dropped as already seen (window, batch or database). */
  duplicates: Record<RawTopic, number>;
  deadLettered: number;
  published: { entities: number; observations: number };
  /** Live records published again for records delivered again after a crash. */
  republished: number;
  batches: number;
  /** When the first batch with records to process began, and the last one ended (epoch ms). */
  firstBatchAt: number | null;
  lastBatchAt: number | null;
}

export function emptyStats(): ProcessorStats {
  const perTopic = () => ({ 'raw.positions': 0, 'raw.readings': 0, 'raw.reports': 0 });
  return {
    persisted: perTopic(),
    duplicates: perTopic(),
    deadLettered: 0,
    published: { entities: 0, observations: 0 },
    republished: 0,
    batches: 0,
    firstBatchAt: null,
    lastBatchAt: null,
  };
}
