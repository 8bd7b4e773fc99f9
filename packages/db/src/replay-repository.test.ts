import { describe, expect, it } from 'vitest';
import { compareCodePoints } from './replay-repository';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareCodePoints', () => {
  it('orders strings as PostgreSQL orders them under COLLATE "C" (UTF-8 byte order)', () => {
    const samples = [
      '',
      'a',
      'b',
      'veh-000010',
      'veh-00001',
      'Z',
      'é',
      '\uffff',
      '\ue000',
      '😀',
      '😀a',
      '\ud7ff',
      'a😀',
    ];
    for (const a of samples) {
      for (const b of samples) {
        expect(Math.sign(compareCodePoints(a, b)), `${a} vs ${b}`).toBe(Math.sign(byteOrder(a, b)));
      }
    }
    // UTF-16 code unit order differs here: a surrogate pair sorts before U+FFFF, its code point after.
    expect(compareCodePoints('😀', '\uffff')).toBeGreaterThan(0);
    expect('😀' < '\uffff').toBe(true);
  });
});
