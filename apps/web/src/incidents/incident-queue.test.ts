import { describe, expect, it } from 'vitest';
import {
  filtersChanged,
  incidentAgeMs,
  incidentChanged,
  incidentsLoaded,
  initialIncidentQueueState,
  queueCategories,
  visibleIncidents,
} from './incident-queue';
import type { IncidentItem } from './incident-queue';

function incident(id: string, overrides: Partial<IncidentItem> = {}): IncidentItem {
  return {
    incidentId: id,
    status: 'detected',
    severity: 'moderate',
    title: `Incident ${id}`,
    position: { lon: -72.3, lat: 18.5 },
    openedAt: '2026-11-24T08:00:00.000Z',
    updatedAt: '2026-11-24T08:00:00.000Z',
    ...overrides,
  };
}

const ids = (items: readonly IncidentItem[]) => items.map((i) => i.incidentId);

describe('incident queue', () => {
  it('puts the most severe first, then the unhandled, then the one waiting longest', () => {
    const state = incidentsLoaded(initialIncidentQueueState, [
      incident('minor-old', { severity: 'minor', openedAt: '2026-11-24T07:00:00.000Z' }),
      incident('severe-dispatched', { severity: 'severe', status: 'dispatched' }),
      incident('severe-new', { severity: 'severe', openedAt: '2026-11-24T08:30:00.000Z' }),
      incident('severe-old', { severity: 'severe', openedAt: '2026-11-24T07:30:00.000Z' }),
      incident('extreme', { severity: 'extreme', status: 'on_scene' }),
    ]);
    expect(ids(visibleIncidents(state))).toEqual([
      'extreme',
      'severe-old',
      'severe-new',
      'severe-dispatched',
      'minor-old',
    ]);
  });

  it('keeps the newer seq whichever arrives first', () => {
    let state = incidentChanged(initialIncidentQueueState, incident('a', { seq: 3, status: 'dispatched' }));
    // Without seq (a list answer), the later change time wins.
    const afterStale = incidentChanged(state, incident('a', { seq: 2, status: 'acknowledged' }));
    expect(afterStale).toBe(state);
    state = incidentsLoaded(state, [incident('a'), incident('b')]);
    expect(state.byId.get('a')?.status).toBe('dispatched');
    expect(state.byId.get('b')).toBeDefined();
    state = incidentChanged(state, incident('a', { seq: 4, status: 'on_scene' }));
    expect(state.byId.get('a')?.status).toBe('on_scene');
  });

  it('filters by status (open by default), minimum severity and category', () => {
    let state = incidentsLoaded(initialIncidentQueueState, [
      incident('flood', { category: 'flood', severity: 'severe' }),
      incident('fire', { category: 'fire', severity: 'minor' }),
      incident('done', { category: 'flood', status: 'resolved' }),
      incident('merged', { status: 'closed', mergedInto: 'flood' }),
    ]);
    expect(ids(visibleIncidents(state)).sort()).toEqual(['fire', 'flood']);
    state = filtersChanged(state, { status: 'all' });
    expect(ids(visibleIncidents(state)).sort()).toEqual(['done', 'fire', 'flood']);
    state = filtersChanged(state, { category: 'flood' });
    expect(ids(visibleIncidents(state)).sort()).toEqual(['done', 'flood']);
    state = filtersChanged(state, { minSeverity: 'severe' });
    expect(ids(visibleIncidents(state))).toEqual(['flood']);
    state = filtersChanged(state, { status: 'resolved', minSeverity: 'info' });
    expect(ids(visibleIncidents(state))).toEqual(['done']);
    expect(queueCategories(state)).toEqual(['fire', 'flood']);
  });

  it('orders list answers by change time and live events by seq', () => {
    const listed = incident('a', { updatedAt: '2026-11-24T08:10:00.000Z', status: 'acknowledged' });
    let state = incidentsLoaded(initialIncidentQueueState, [listed]);
    expect(incidentChanged(state, incident('a', { updatedAt: '2026-11-24T08:05:00.000Z' }))).toBe(state);
    state = incidentChanged(
      state,
      incident('a', { updatedAt: '2026-11-24T08:11:00.000Z', status: 'dispatched', seq: 5 }),
    );
    expect(state.byId.get('a')?.status).toBe('dispatched');
  });

  it('measures the age from the opening, never negative', () => {
    const item = incident('a', { openedAt: '2026-11-24T08:00:00.000Z' });
    expect(incidentAgeMs(item, Date.parse('2026-11-24T08:05:00.000Z'))).toBe(300_000);
    expect(incidentAgeMs(item, Date.parse('2026-11-24T07:59:00.000Z'))).toBe(0);
  });
});
