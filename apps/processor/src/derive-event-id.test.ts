import { ZEventId, eventIdTime } from '@vigie/contracts/envelope';
import { describe, expect, it } from 'vitest';
import { deriveEventId } from './derive-event-id';

describe('deriveEventId', () => {
  it('is a valid ULID carrying the time', () => {
    const id = deriveEventId(1_735_689_600_123, 'observation', '01JGF0000000000000000000000');
    expect(ZEventId.parse(id)).toBe(id);
    expect(eventIdTime(id)).toBe(1_735_689_600_123);
  });

  it('is the same for the same parts and differs otherwise', () => {
    expect(deriveEventId(1, 'a', 'b')).toBe(deriveEventId(1, 'a', 'b'));
    expect(deriveEventId(1, 'a', 'b')).not.toBe(deriveEventId(1, 'ab'));
    expect(deriveEventId(1, 'a')).not.toBe(deriveEventId(2, 'a'));
  });

  it('clamps impossible times', () => {
    expect(ZEventId.safeParse(deriveEventId(Number.NaN, 'x')).success).toBe(true);
    expect(ZEventId.safeParse(deriveEventId(2 ** 60, 'x')).success).toBe(true);
    expect(ZEventId.safeParse(deriveEventId(-5, 'x')).success).toBe(true);
  });
});
