import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPLAY_HOURS,
  defaultRange,
  fromLocalInput,
  isValidRange,
  parseReplayParams,
  replayHref,
  toLocalInput,
} from './replay-range';

const NOW = Date.parse('2026-03-01T12:34:56Z');
const H = 3_600_000;

describe('replay period', () => {
  it('defaults to the last hours on whole minutes', () => {
    const range = defaultRange(NOW);
    expect(range.endMs).toBe(Date.parse('2026-03-01T12:34:00Z'));
    expect(range.endMs - range.startMs).toBe(DEFAULT_REPLAY_HOURS * H);
  });

  it('reads from, to, at and speed from the address', () => {
    const params = parseReplayParams(
      '?from=2026-03-01T08:00:00Z&to=2026-03-01T10:00:00Z&at=2026-03-01T09:00:00Z&speed=60',
      NOW,
    );
    expect(params).toEqual({
      range: { startMs: Date.parse('2026-03-01T08:00:00Z'), endMs: Date.parse('2026-03-01T10:00:00Z') },
      atMs: Date.parse('2026-03-01T09:00:00Z'),
      speed: 60,
    });
  });

  it('falls back on the default period, and drops an instant outside it or an unknown speed', () => {
    expect(parseReplayParams('?from=2026-03-01T10:00:00Z&to=2026-03-01T08:00:00Z', NOW).range).toEqual(
      defaultRange(NOW),
    );
    expect(parseReplayParams('?from=2025-01-01T00:00:00Z&to=2026-03-01T08:00:00Z', NOW).range).toEqual(
      defaultRange(NOW),
    );
    const params = parseReplayParams('?from=2026-03-01T08:00:00Z&at=2026-02-01T00:00:00Z&speed=61', NOW);
    expect(params.range).toEqual({ startMs: Date.parse('2026-03-01T08:00:00Z'), endMs: NOW });
    expect(params.atMs).toBeNull();
    expect(params.speed).toBeNull();
  });

  it('checks ranges against the longest session', () => {
    expect(isValidRange({ startMs: 0, endMs: 7 * 24 * H })).toBe(true);
    expect(isValidRange({ startMs: 0, endMs: 7 * 24 * H + 1 })).toBe(false);
    expect(isValidRange({ startMs: 5, endMs: 5 })).toBe(false);
  });

  it('writes an address the page reads back', () => {
    const range = { startMs: Date.parse('2026-03-01T08:00:00Z'), endMs: Date.parse('2026-03-01T09:00:00Z') };
    const href = replayHref(range, range.startMs + 60_000);
    const params = parseReplayParams(href.slice(href.indexOf('?')), NOW);
    expect(params.range).toEqual(range);
    expect(params.atMs).toBe(range.startMs + 60_000);
  });

  it('converts datetime-local values both ways, to the minute', () => {
    const ms = Date.parse('2026-03-01T08:05:00Z');
    expect(fromLocalInput(toLocalInput(ms))).toBe(ms);
    expect(toLocalInput(ms)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
  });
});
