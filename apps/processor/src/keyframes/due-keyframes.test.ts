import { describe, expect, it } from 'vitest';
import { dueKeyframes } from './due-keyframes';

const minute = 60_000;
const options = { intervalMs: 5 * minute, lagMs: minute, max: 3 };
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('dueKeyframes', () => {
  it('starts with the latest instant the lag allows', () => {
    expect(iso(dueKeyframes(null, new Date('2026-01-01T10:05:59Z'), options))).toEqual([
      '2026-01-01T10:00:00.000Z',
    ]);
    expect(iso(dueKeyframes(null, new Date('2026-01-01T10:06:00Z'), options))).toEqual([
      '2026-01-01T10:05:00.000Z',
    ]);
  });

  it('returns the instants after the last keyframe, none when it is current', () => {
    const last = new Date('2026-01-01T10:00:00Z');
    expect(dueKeyframes(last, new Date('2026-01-01T10:05:30Z'), options)).toEqual([]);
    expect(iso(dueKeyframes(last, new Date('2026-01-01T10:11:00Z'), options))).toEqual([
      '2026-01-01T10:05:00.000Z',
      '2026-01-01T10:10:00.000Z',
    ]);
  });

  it('catches up at most `max` instants, the most recent ones', () => {
    const last = new Date('2026-01-01T08:00:00Z');
    expect(iso(dueKeyframes(last, new Date('2026-01-01T10:01:00Z'), options))).toEqual([
      '2026-01-01T09:50:00.000Z',
      '2026-01-01T09:55:00.000Z',
      '2026-01-01T10:00:00.000Z',
    ]);
  });
});
