/**
 * Deterministic ids for the events the processor creates. An output derived again from the same
 * input (a batch retried after a failure, or redelivered after a crash) gets the same id, so its
 * consumers can drop the repeat by id exactly as the processor drops repeated raw events.
 * The id is a ULID: the 48-bit time of the input, then 80 bits of SHA-256 over the parts.
 */
import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;

export function deriveEventId(timeMs: number, ...parts: readonly string[]): string {
  const time = Math.min(MAX_TIME, Math.max(0, Math.floor(Number.isFinite(timeMs) ? timeMs : 0)));
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  const digest = hash.digest();
  let random = 0n;
  for (let i = 0; i < 10; i++) random = (random << 8n) | BigInt(digest[i]!);
  let value = (BigInt(time) << 80n) | random;
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}
