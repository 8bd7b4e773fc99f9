/** NMEA 0183 sentence framing: `$TTSSS,f1,...*HH` (or `!` for AIS), checksum = XOR of the bytes between `$`/`!` and `*`. */
import type { TPositionV1 } from '@vigie/contracts/positions';

/** A decoded position fix: the envelope time and the `position` payload. */
export interface PositionFix {
  /** ISO-8601 with offset (`Z`). */
  occurredAt: string;
  payload: TPositionV1;
}

/** A line that could not give a position, with a reason a person can act on. */
export interface Rejection {
  line: string;
  reason: string;
}

export type DecodeOutput = { kind: 'fix'; fix: PositionFix } | { kind: 'rejected'; rejection: Rejection };

export const KNOT_TO_MPS = 1852 / 3600;

export interface Sentence {
  /** `$` or `!`. */
  start: string;
  /** Address field without the start character, e.g. `GPRMC`, `AIVDM`. */
  address: string;
  /** Fields after the address. */
  fields: string[];
}

export type SentenceResult = { ok: true; sentence: Sentence } | { ok: false; reason: string };

/** XOR of the character codes of `body` (the text between the start character and `*`). */
export function nmeaChecksum(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i) & 0xff;
  return sum;
}

/** Two upper-case hex digits of the checksum of `body`. */
export function nmeaChecksumHex(body: string): string {
  return nmeaChecksum(body).toString(16).toUpperCase().padStart(2, '0');
}

/** Splits and verifies one sentence; a missing checksum is refused (every source we read sends one). */
export function parseSentence(rawLine: string): SentenceResult {
  const line = rawLine.trim();
  const start = line.search(/[$!]/);
  if (start < 0) return { ok: false, reason: 'not an NMEA sentence (no "$" or "!")' };
  const star = line.lastIndexOf('*');
  if (star < start) return { ok: false, reason: 'no checksum ("*HH" missing)' };
  const body = line.slice(start + 1, star);
  const given = line.slice(star + 1, star + 3);
  if (!/^[0-9A-Fa-f]{2}$/.test(given)) return { ok: false, reason: `malformed checksum "${given}"` };
  const expected = nmeaChecksumHex(body);
  if (given.toUpperCase() !== expected) {
    return { ok: false, reason: `bad checksum: line says ${given.toUpperCase()}, content gives ${expected}` };
  }
  const parts = body.split(',');
  const address = parts[0] ?? '';
  if (!/^[A-Z0-9]{3,6}$/.test(address)) return { ok: false, reason: `malformed address field "${address}"` };
  return { ok: true, sentence: { start: line.charAt(start), address, fields: parts.slice(1) } };
}
