import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/v1/deadletter.json';
import { LONG, T0, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import {
  DEADLETTER_MAX_ORIGINAL_BYTES,
  ZDeadLetterEventV1,
  ZDeadLetterV1,
  bytesToBase64,
  deadLetterPayload,
} from './deadletter';

const payload = fixture.payload;

describe('ZDeadLetterV1', () => {
  it('accepts a record with and without partition details', () => {
    expectValid(ZDeadLetterV1, payload);
    expectValid(ZDeadLetterV1, {
      originTopic: 'raw.readings',
      code: 'DECODE_FAILED',
      message: 'Not UTF-8 JSON',
      issues: [],
      original: '',
      originalBytes: 0,
      truncated: false,
      failedAt: T0,
    });
  });

  it.each([
    ['originTopic', 'raw positions'],
    ['originTopic', ''],
    ['code', 'OOPS'],
    ['message', ''],
    ['issues[0].path', 'a\nb'],
    ['issues', Array.from({ length: 101 }, () => ({ path: '', message: 'x' }))],
    ['original', 'not base64!'],
    ['originalBytes', -1],
    ['truncated', 'no'],
    ['partition', -1],
    ['offset', '-5'],
    ['offset', 184467],
    ['failedAt', '2024-09-14T08:00:06'],
  ])('rejects %s = %s', (path, value) =>
    expectInvalidAt(ZDeadLetterV1, withPatch(payload, path, value), path),
  );

  it('is carried in a deadletter v1 envelope', () => {
    expectValid(ZDeadLetterEventV1, fixture);
  });
});

describe('deadLetterPayload', () => {
  it('encodes the original bytes and keeps the partition details', () => {
    const original = '{"lon":190}';
    const built = deadLetterPayload({
      originTopic: 'raw.positions',
      code: 'VALIDATION_FAILED',
      message: 'payload.position.lon: Too big',
      issues: [{ path: 'payload.position.lon', message: 'Too big' }],
      original,
      key: 'truck-07',
      partition: 3,
      offset: '184467',
      failedAt: T0,
    });
    expectValid(ZDeadLetterV1, built);
    expect(built.original).toBe(btoa(original));
    expect(built.originalBytes).toBe(11);
    expect(built.truncated).toBe(false);
    expect(built.partition).toBe(3);
  });

  it('truncates huge originals and makes untrusted text acceptable', () => {
    const bytes = new Uint8Array(DEADLETTER_MAX_ORIGINAL_BYTES + 10).fill(0x41);
    const built = deadLetterPayload({
      originTopic: 'raw.reports',
      code: 'PAYLOAD_TOO_LARGE',
      message: `bad\r\ninput\u0000${LONG(3_000)}`,
      original: bytes,
      key: 'sms|1\u0000',
      failedAt: T0,
    });
    expectValid(ZDeadLetterV1, built);
    expect(built.truncated).toBe(true);
    expect(built.originalBytes).toBe(bytes.length);
    expect(built.message.length).toBeLessThanOrEqual(2_000);
  });

  it('bytesToBase64 matches the platform encoder on binary data', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
