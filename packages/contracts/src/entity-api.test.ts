import { describe, expect, it } from 'vitest';
import { ENTITY_HISTORY_MAX_MINUTES, ZEntityHistory, ZEntityHistoryInput } from './entity-api';

describe('entity API contracts', () => {
  it('defaults the history window to one hour and caps it at a day', () => {
    expect(ZEntityHistoryInput.parse({ id: 'truck-7' }).minutes).toBe(60);
    expect(
      ZEntityHistoryInput.safeParse({ id: 'truck-7', minutes: ENTITY_HISTORY_MAX_MINUTES + 1 }).success,
    ).toBe(false);
    expect(ZEntityHistoryInput.safeParse({ id: 'truck-7', minutes: 0 }).success).toBe(false);
  });

  it('validates track points', () => {
    const ok = {
      id: 'truck-7',
      from: '2026-11-24T09:00:00Z',
      to: '2026-11-24T10:00:00Z',
      track: [{ lon: -72.3, lat: 18.5, at: '2026-11-24T09:30:00Z', speed: 12, heading: 90 }],
      readings: [],
    };
    expect(ZEntityHistory.parse(ok).track).toHaveLength(1);
    const bad = { ...ok, track: [{ lon: -200, lat: 18.5, at: '2026-11-24T09:30:00Z' }] };
    expect(ZEntityHistory.safeParse(bad).error?.issues[0]?.path).toEqual(['track', 0, 'lon']);
  });
});
