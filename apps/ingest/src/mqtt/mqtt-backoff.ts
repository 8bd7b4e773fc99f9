/** Reconnection delay after `attempt` failed attempts in a row: doubling from `minMs`, capped at `maxMs`. */
export function reconnectDelayMs(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, Math.min(attempt, 30)));
}
