import type { TIncidentStatus } from '@vigie/contracts/live-incidents';
import { describe, expect, it } from 'vitest';
import { decideTransition, furthestOpenStatus } from './incident-lifecycle';
import type { LifecycleAction } from './incident-lifecycle';

const incident = (status: TIncidentStatus, extra: { mergedInto?: string; dispatched?: number } = {}) => ({
  id: 'INC-1',
  status,
  dispatchedAssetIds: Array.from({ length: extra.dispatched ?? 0 }, (_, i) => `truck-${i}`),
  ...(extra.mergedInto === undefined ? {} : { mergedInto: extra.mergedInto }),
});

const next = (status: TIncidentStatus, action: LifecycleAction) => {
  const d = decideTransition(incident(status), action);
  return d.ok ? d.status : `refused: ${d.reason}`;
};

describe('incident lifecycle', () => {
  it('walks the straight line detected → acknowledged → dispatched → on_scene → resolved → closed', () => {
    expect(next('detected', 'acknowledge')).toBe('acknowledged');
    expect(next('acknowledged', 'dispatch')).toBe('dispatched');
    expect(next('dispatched', 'arrive')).toBe('on_scene');
    expect(next('on_scene', 'resolve')).toBe('resolved');
    expect(next('resolved', 'close')).toBe('closed');
  });

  it('lets a dispatch acknowledge implicitly and reinforcements keep an incident on scene', () => {
    expect(next('detected', 'dispatch')).toBe('dispatched');
    expect(next('on_scene', 'dispatch')).toBe('on_scene');
  });

  it('refuses to acknowledge twice, saying so', () => {
    expect(next('acknowledged', 'acknowledge')).toBe('refused: Incident INC-1 is already acknowledged.');
    expect(next('dispatched', 'acknowledge')).toMatch(
      /already dispatched: acknowledging it is no longer needed/,
    );
  });

  it('refuses arrival when nothing was dispatched, telling what to do', () => {
    expect(next('acknowledged', 'arrive')).toMatch(/Nothing is dispatched.*dispatch a vehicle or team first/);
  });

  it('dismisses a false alarm by closing it directly, but not once assets are dispatched', () => {
    expect(next('detected', 'close')).toBe('closed');
    const d = decideTransition(incident('dispatched', { dispatched: 2 }), 'close');
    expect(d).toEqual({
      ok: false,
      reason: 'Incident INC-1 is dispatched with 2 asset(s) dispatched: resolve it first, then close it.',
    });
  });

  it('does not reopen resolved incidents nor change closed ones', () => {
    expect(next('resolved', 'dispatch')).toMatch(/cannot be reopened; open a new incident/);
    expect(next('resolved', 'resolve')).toMatch(/already resolved/);
    for (const action of ['note', 'acknowledge', 'resolve', 'set_severity'] as const) {
      expect(next('closed', action)).toMatch(/is closed: nothing can change any more/);
    }
  });

  it('points at the survivor for an incident merged into another', () => {
    const d = decideTransition(incident('closed', { mergedInto: 'INC-9' }), 'note');
    expect(d).toEqual({ ok: false, reason: 'Incident INC-1 was merged into INC-9: act on that incident.' });
  });

  it('allows notes in every open or resolved status without moving it', () => {
    for (const s of ['detected', 'acknowledged', 'dispatched', 'on_scene', 'resolved'] as const) {
      expect(decideTransition(incident(s), 'note')).toEqual({ ok: true, status: s, changed: false });
    }
  });

  it('continues a merge from the furthest-along open status', () => {
    expect(furthestOpenStatus(['detected', 'dispatched', 'acknowledged'])).toBe('dispatched');
    expect(furthestOpenStatus([])).toBe('detected');
  });
});
