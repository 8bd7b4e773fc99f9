import { ZDeadLetterEventV1 } from '@vigie/contracts/deadletter';
import { describe, expect, it } from 'vitest';
import { buildDeadLetter } from './build-dead-letter';

describe('buildDeadLetter', () => {
  const record = {
    topic: 't.raw.positions',
    partition: 2,
    offset: '41',
    key: 'truck-1',
    value: Buffer.from('{"bad":'),
    headers: {},
    timestamp: Date.parse('2025-06-01T12:00:00Z'),
  };
  const rejection = {
    code: 'DECODE_FAILED' as const,
    message: 'Not UTF-8 JSON',
    issues: [{ path: '', message: 'Not UTF-8 JSON' }],
  };

  it('carries the reason, the original bytes and the origin, keyed by the origin topic', () => {
    const out = buildDeadLetter(record, rejection, {
      groupId: 'vigie-processor',
      sourceId: 'vigie-processor',
      now: new Date(),
    });
    expect(out.key).toBe('t.raw.positions');
    const event = ZDeadLetterEventV1.parse(JSON.parse(out.value as string));
    expect(event.payload).toMatchObject({
      originTopic: 't.raw.positions',
      code: 'DECODE_FAILED',
      partition: 2,
      offset: '41',
      key: 'truck-1',
      consumer: 'vigie-processor',
      truncated: false,
      originalBytes: 7,
    });
    expect(Buffer.from(event.payload.original, 'base64').toString()).toBe('{"bad":');
  });

  it('gives the same record the same id when rejected twice', () => {
    const a = JSON.parse(
      buildDeadLetter(record, rejection, { groupId: 'g', sourceId: 's', now: new Date(1) }).value as string,
    );
    const b = JSON.parse(
      buildDeadLetter(record, rejection, { groupId: 'g', sourceId: 's', now: new Date(2) }).value as string,
    );
    expect(a.id).toBe(b.id);
  });
});
