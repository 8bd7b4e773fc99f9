// The envelope every message on the log carries, its id format and a dependency-free id generator.
import { z } from 'zod';
import { ZIsoDateTime, ZLonLat, ZSourceId } from './primitives';

// ---------------------------------------------------------------------------------------------------------
// Event id: ULID or UUIDv7, both time-ordered. It is the dedup key, so it is normalised to one spelling:
// ULIDs upper-case (Crockford base32), UUIDs lower-case (RFC 9562).
// ---------------------------------------------------------------------------------------------------------

export const ZEventId = z
  .union([z.ulid().toUpperCase(), z.uuidv7().toLowerCase()], {
    error: 'Expected a ULID or a UUIDv7',
  })
  .meta({ description: 'Event id (ULID or UUIDv7), the deduplication key' });
export type TEventId = z.infer<typeof ZEventId>;

/** Event type carried in `type`: lower snake case, e.g. `position`, `external_alert`. */
export const ZEventType = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, { error: 'Expected a lower_snake_case event type' });

/** Schema version of the payload: a positive integer. */
export const ZSchemaVersion = z.int().min(1).max(10_000);

const envelopeShape = {
  id: ZEventId,
  type: ZEventType,
  v: ZSchemaVersion,
  source: ZSourceId,
  /** When the fact happened at the source (fix time, reading time, alert sent time). */
  occurredAt: ZIsoDateTime,
  /** When ingest (or the gateway/processor for the events they create) accepted it. */
  receivedAt: ZIsoDateTime,
  /** Where it happened, when known: lets consumers route or filter without decoding the payload. */
  geo: ZLonLat.optional(),
};

const anyPayload = z.unknown().refine((p) => p !== undefined, { error: 'Required' });

/** Any envelope as stored on the log, payload not yet checked (routing by `type`/`v`). */
export const ZEnvelope = z.object({ ...envelopeShape, payload: anyPayload }).meta({
  description: 'Vigie event envelope',
});
export type TEnvelope = z.infer<typeof ZEnvelope>;

/**
 * An envelope as a source sends it to ingest: `receivedAt` may be absent. Ingest stamps `receivedAt`
 * itself (overwriting any value a source sent) before it checks the topic schema and appends.
 */
export const ZInboundEnvelope = z.object({
  ...envelopeShape,
  receivedAt: ZIsoDateTime.optional(),
  payload: anyPayload,
});
export type TInboundEnvelope = z.infer<typeof ZInboundEnvelope>;

/**
 * Envelope schema for one event type and version: `type` and `v` become literals and the payload is
 * checked by `payload`. Topic catalogs are built from these.
 */
export function envelopeOf<
  const Type extends string,
  const Version extends number,
  Payload extends z.ZodType,
>(type: Type, version: Version, payload: Payload) {
  return z.object({
    ...envelopeShape,
    type: z.literal(type),
    v: z.literal(version),
    payload,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Id generator
// ---------------------------------------------------------------------------------------------------------

export type EventIdFormat = 'ulid' | 'uuidv7';

export interface EventIdFactoryOptions {
  /** `ulid` (default, 26 characters) or `uuidv7` (fits a PostgreSQL `uuid` column). */
  format?: EventIdFormat;
  /** Clock in milliseconds since the Unix epoch; `Date.now` by default. */
  now?: () => number;
  /** Fills a byte array with random values; `crypto.getRandomValues` by default. */
  fillRandom?: (bytes: Uint8Array) => void;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;

function randomBits(fill: (bytes: Uint8Array) => void, bits: number): bigint {
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  fill(bytes);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value & ((1n << BigInt(bits)) - 1n);
}

function encodeUlid(time: number, random: bigint): string {
  let value = (BigInt(time) << 80n) | random;
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

function encodeUuidV7(time: number, random: bigint): string {
  const randA = (random >> 62n) & 0xfffn;
  const randB = random & ((1n << 62n) - 1n);
  const value = (BigInt(time) << 80n) | (0x7n << 76n) | (randA << 64n) | (0x2n << 62n) | randB;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Returns a generator of time-ordered event ids. Ids from one generator sort strictly increasing, as
 * strings, in call order: within a millisecond (or when the clock steps back) the random part is
 * incremented instead of redrawn, and on the (astronomically rare) overflow the time part advances.
 */
export function createEventIdFactory(options: EventIdFactoryOptions = {}): () => string {
  const format = options.format ?? 'ulid';
  const now = options.now ?? Date.now;
  const fill = options.fillRandom ?? ((bytes: Uint8Array) => void crypto.getRandomValues(bytes));
  const bits = format === 'ulid' ? 80 : 74;
  const limit = 1n << BigInt(bits);
  let lastTime = -1;
  let lastRandom = 0n;

  return () => {
    const time = now();
    if (!Number.isInteger(time) || time < 0 || time > MAX_TIME) {
      throw new RangeError(`Clock value ${time} is not a millisecond timestamp in the 48-bit range`);
    }
    if (time > lastTime) {
      lastTime = time;
      lastRandom = randomBits(fill, bits);
    } else {
      lastRandom += 1n;
      if (lastRandom >= limit) {
        lastTime += 1;
        lastRandom = randomBits(fill, bits);
      }
    }
    return format === 'ulid' ? encodeUlid(lastTime, lastRandom) : encodeUuidV7(lastTime, lastRandom);
  };
}

/** A new ULID event id, monotonic within this process. */
export const newEventId: () => string = createEventIdFactory();

/** Milliseconds since the epoch encoded in a ULID or UUIDv7 id, or undefined if `id` is neither. */
export function eventIdTime(id: string): number | undefined {
  const parsed = ZEventId.safeParse(id);
  if (!parsed.success) return undefined;
  const value = parsed.data;
  if (value.length === 26) {
    let time = 0;
    for (let i = 0; i < 10; i++) time = time * 32 + CROCKFORD.indexOf(value[i]!);
    return time;
  }
  return Number.parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}
