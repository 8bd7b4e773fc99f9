/** Consumer behaviour both adapters share, so that the conformance suite sees one semantics. */

/** Records per batch when `ConsumerOptions.maxBatchSize` is not given. */
export const DEFAULT_MAX_BATCH_SIZE = 500;

const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 5_000;

/** Delay before a partition's batch is delivered again after `failures` consecutive handler failures. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS);
}
