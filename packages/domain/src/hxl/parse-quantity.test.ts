import { describe, expect, it } from 'vitest';
import { parseQuantity } from './parse-quantity';

describe('parseQuantity', () => {
  it.each([
    ['1250', 1250],
    ['1 250', 1250],
    ['1\u00A0250', 1250],
    ['1\u202F250', 1250],
    ['1\u2009250,5', 1250.5],
    ['1,250', 1250],
    ['1,250,000', 1_250_000],
    ['1.250.000', 1_250_000],
    ['1.250,5', 1250.5],
    ['1,250.5', 1250.5],
    ['12,5', 12.5],
    ['0,250', 0.25],
    ['12.5', 12.5],
    ["1'250", 1250],
    ['-3', -3],
    ['  42 ', 42],
  ])('reads %j as %d', (raw, expected) => {
    expect(parseQuantity(raw)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '_', 'abc', '12kg', '1,2,3', '1.2.3,4,5'])('refuses %j with a reason', (raw) => {
    const result = parseQuantity(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });
});
