import { ZEventId } from '@vigie/contracts/envelope';
import { describe, expect, it } from 'vitest';
import { newCommandId, uuidv7 } from './command-id';

describe('command ids', () => {
  it('are UUIDv7 the contracts accept, carrying the time', () => {
    const id = uuidv7(Date.parse('2026-11-24T08:00:00.000Z'), new Uint8Array(10).fill(0xff));
    expect(ZEventId.safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(
      Date.parse('2026-11-24T08:00:00.000Z'),
    );
  });

  it('differ and sort by time', () => {
    const a = uuidv7(1_000, new Uint8Array(10));
    const b = uuidv7(2_000, new Uint8Array(10));
    expect(a < b).toBe(true);
    expect(newCommandId()).not.toBe(newCommandId());
    expect(ZEventId.safeParse(newCommandId()).success).toBe(true);
  });
});
