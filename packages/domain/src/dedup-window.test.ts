import { describe, expect, it } from 'vitest';
import { DedupWindow } from './dedup-window';

describe('DedupWindow', () => {
  it('remembers ids for the window only', () => {
    const window = new DedupWindow({ windowMs: 1000, maxEntries: 10 });
    window.add('a', 0);
    expect(window.has('a', 999)).toBe(true);
    expect(window.has('a', 1000)).toBe(false);
    expect(window.has('b', 10)).toBe(false);
    window.add('b', 1500);
    expect(window.size).toBe(1);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const window = new DedupWindow({ windowMs: 60_000, maxEntries: 3 });
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) window.add(id, i);
    expect(window.size).toBe(3);
    expect(window.has('a', 10)).toBe(false);
    expect(window.has('d', 10)).toBe(true);
  });

  it('refreshes an id added again', () => {
    const window = new DedupWindow({ windowMs: 100, maxEntries: 2 });
    window.add('a', 0);
    window.add('b', 10);
    window.add('a', 50);
    window.add('c', 60);
    expect(window.has('a', 120)).toBe(true);
    expect(window.has('b', 60)).toBe(false);
  });

  it('stays bounded under a long stream', () => {
    const window = new DedupWindow({ windowMs: 1_000_000, maxEntries: 1000 });
    for (let i = 0; i < 100_000; i++) window.add(`id-${i}`, i);
    expect(window.size).toBe(1000);
    expect(window.has('id-99999', 100_000)).toBe(true);
    expect(window.has('id-98999', 100_000)).toBe(false);
  });

  it('rejects nonsense options', () => {
    expect(() => new DedupWindow({ windowMs: 0, maxEntries: 1 })).toThrow(RangeError);
    expect(() => new DedupWindow({ windowMs: 1, maxEntries: 0 })).toThrow(RangeError);
  });
});
