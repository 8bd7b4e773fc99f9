import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ID1, T0, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import {
  ZEnvelope,
  ZEventId,
  ZInboundEnvelope,
  createEventIdFactory,
  envelopeOf,
  eventIdTime,
  newEventId,
} from './envelope';

const envelope = {
  id: ID1,
  type: 'ping',
  v: 1,
  source: 'sim-1',
  occurredAt: T0,
  receivedAt: '2024-09-14T08:00:00.120Z',
  geo: { lon: 34.8, lat: -19.8 },
  payload: { n: 1 },
};

const ZPing = envelopeOf('ping', 1, z.object({ n: z.int() }));

describe('ZEventId', () => {
  it('accepts ULIDs and UUIDv7 and normalises their case', () => {
    expect(expectValid(ZEventId, ID1.toLowerCase())).toBe(ID1);
    expect(expectValid(ZEventId, '0191EF8B-FE98-78B8-A10B-32AEAECAC26A')).toBe(
      '0191ef8b-fe98-78b8-a10b-32aeaecac26a',
    );
  });

  it.each([
    ['UUIDv4', '9b2f4e0e-2d7b-4c6e-9d59-2f3f8c1b8a11'],
    ['ULID with I', '01J7QRQHZ81GHN9ENKHG0BC9IQ'],
    ['ULID too long', `${ID1}0`],
    ['ULID beyond 48-bit time', '81J7QRQHZ81GHN9ENKHG0BC90Q'],
    ['free text', 'event-1'],
    ['number', 1],
  ])('rejects %s', (_label, id) => expectInvalidAt(ZEventId, id, ''));
});

describe('ZEnvelope', () => {
  it('accepts a complete envelope, and one without geo', () => {
    expectValid(ZEnvelope, envelope);
    expectValid(ZEnvelope, withPatch(envelope, 'geo', undefined));
  });

  it.each([
    ['id', 'not-an-id'],
    ['type', 'Position'],
    ['type', 'position type'],
    ['v', 0],
    ['v', 1.5],
    ['v', '1'],
    ['source', 'sim 1'],
    ['occurredAt', '2024-09-14T08:00:00'],
    ['receivedAt', '2024-09-14T08:00:00'],
    ['geo.lon', 181],
    ['geo.lat', Number.NaN],
  ])('rejects a bad %s (%s)', (path, value) =>
    expectInvalidAt(ZEnvelope, withPatch(envelope, path, value), path),
  );

  it.each(['id', 'type', 'v', 'source', 'occurredAt', 'receivedAt', 'payload'])('requires %s', (path) =>
    expectInvalidAt(ZEnvelope, withPatch(envelope, path, undefined), path),
  );

  it('lets a source omit receivedAt, which ingest stamps', () => {
    expectValid(ZInboundEnvelope, withPatch(envelope, 'receivedAt', undefined));
    expectInvalidAt(ZInboundEnvelope, withPatch(envelope, 'receivedAt', 'yesterday'), 'receivedAt');
  });
});

describe('envelopeOf', () => {
  it('fixes type and version and checks the payload', () => {
    const parsed = expectValid(ZPing, envelope);
    expect(parsed.payload.n).toBe(1);
    expectInvalidAt(ZPing, withPatch(envelope, 'type', 'pong'), 'type');
    expectInvalidAt(ZPing, withPatch(envelope, 'v', 2), 'v');
    expectInvalidAt(ZPing, withPatch(envelope, 'payload.n', 'one'), 'payload.n');
    expectInvalidAt(ZPing, withPatch(envelope, 'payload', undefined), 'payload');
  });
});

describe('event id generator', () => {
  it('produces valid ULIDs by default and UUIDv7 on request', () => {
    expectValid(ZEventId, newEventId());
    expect(newEventId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const uuid = createEventIdFactory({ format: 'uuidv7' })();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(expectValid(ZEventId, uuid)).toBe(uuid);
  });

  it.each(['ulid', 'uuidv7'] as const)('%s: strictly increasing within one millisecond', (format) => {
    const next = createEventIdFactory({ format, now: () => 1_726_300_800_000 });
    const ids = Array.from({ length: 1_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(eventIdTime(id)).toBe(1_726_300_800_000);
  });

  it.each(['ulid', 'uuidv7'] as const)(
    '%s: ordered across milliseconds and when the clock steps back',
    (format) => {
      const clock = [1_000, 1_001, 1_001, 999, 5_000, 5_000_000_000_000];
      let i = 0;
      const next = createEventIdFactory({ format, now: () => clock[i++]! });
      const ids = clock.map(() => next());
      expect([...ids].sort()).toEqual(ids);
      expect(ids.map((id) => eventIdTime(id))).toEqual([
        1_000, 1_001, 1_001, 1_001, 5_000, 5_000_000_000_000,
      ]);
    },
  );

  it('advances the time part when the random part overflows', () => {
    const next = createEventIdFactory({ now: () => 42, fillRandom: (bytes) => bytes.fill(0xff) });
    const first = next();
    const second = next();
    expect(second > first).toBe(true);
    expect(eventIdTime(first)).toBe(42);
    expect(eventIdTime(second)).toBe(43);
  });

  it('encodes known values', () => {
    const zero = createEventIdFactory({ now: () => 0, fillRandom: (bytes) => bytes.fill(0) });
    expect(zero()).toBe('00000000000000000000000000');
    const uuid = createEventIdFactory({
      format: 'uuidv7',
      now: () => 0x0191ef8bfe98,
      fillRandom: (b) => b.fill(0),
    });
    expect(uuid()).toBe('0191ef8b-fe98-7000-8000-000000000000');
  });

  it('rejects clocks outside the 48-bit millisecond range', () => {
    expect(() => createEventIdFactory({ now: () => -1 })()).toThrow(RangeError);
    expect(() => createEventIdFactory({ now: () => 2 ** 48 })()).toThrow(RangeError);
    expect(() => createEventIdFactory({ now: () => 1.5 })()).toThrow(RangeError);
  });

  it('eventIdTime decodes ids and ignores anything else', () => {
    const at = Date.parse('2024-09-14T08:00:01Z');
    expect(eventIdTime(createEventIdFactory({ now: () => at })())).toBe(at);
    expect(eventIdTime('01J7QRQHZ81GHN9ENKHG0BC90Q')).toBe(at);
    expect(eventIdTime('not-an-id')).toBeUndefined();
  });
});
