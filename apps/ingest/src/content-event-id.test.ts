import { ZEventId, eventIdTime } from '@vigie/contracts/envelope';
import { describe, expect, it } from 'vitest';
import { contentEventId } from './content-event-id';

describe('contentEventId', () => {
  it('gives the same ULID for the same source and bytes, time from occurredAt', () => {
    const line = '{"type":"reading","occurredAt":"2021-08-16T14:00:00Z"}';
    const id = contentEventId('gauges', line, '2021-08-16T14:00:00Z', 0);
    expect(ZEventId.safeParse(id).success).toBe(true);
    expect(contentEventId('gauges', Buffer.from(line), '2021-08-16T14:00:00Z', 0)).toBe(id);
    expect(eventIdTime(id)).toBe(Date.parse('2021-08-16T14:00:00Z'));
    expect(contentEventId('other-source', line, '2021-08-16T14:00:00Z', 0)).not.toBe(id);
    expect(contentEventId('gauges', `${line} `, '2021-08-16T14:00:00Z', 0)).not.toBe(id);
  });

  it('falls back to the given time when occurredAt is not a date', () => {
    expect(eventIdTime(contentEventId('s', 'x', 'yesterday', 1_700_000_000_000))).toBe(1_700_000_000_000);
    expect(eventIdTime(contentEventId('s', 'x', undefined, 1_700_000_000_000))).toBe(1_700_000_000_000);
  });
});
