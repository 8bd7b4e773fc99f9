/**
 * When a feed runs next. After a success: its interval. After `failures` consecutive failures:
 * exponential backoff from the interval (×2 per failure) capped at `maxBackoffS`, with "equal jitter"
 * (half fixed, half random) so that feeds failing together do not retry together.
 */
export function nextRunDelayMs(
  intervalS: number,
  failures: number,
  options: { maxBackoffS: number; random?: () => number },
): number {
  if (failures <= 0) return intervalS * 1000;
  const random = options.random ?? Math.random;
  const capped = Math.min(options.maxBackoffS, intervalS * 2 ** Math.min(failures, 30)) * 1000;
  const base = Math.max(capped, intervalS * 1000);
  return Math.round(base / 2 + random() * (base / 2));
}
