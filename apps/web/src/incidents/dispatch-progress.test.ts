import { ZLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import type { TLiveIncidentV1 } from '@vigie/contracts/live-incidents';
import { describe, expect, it } from 'vitest';
import {
  dispatchEta,
  dispatchProgressed,
  distanceMetres,
  initialDispatchProgress,
} from './dispatch-progress';

const CAYES = { lon: -73.75, lat: 18.19 };
const NOW = Date.parse('2026-01-12T10:00:00Z');

function tracking(at: string, dispatch: TLiveIncidentV1['dispatch']): TLiveIncidentV1 {
  return ZLiveIncidentV1.parse({
    incidentId: 'inc-1',
    seq: 3,
    change: 'updated',
    title: 'Flood in Les Cayes',
    status: 'dispatched',
    severity: 'severe',
    position: CAYES,
    at,
    actor: { kind: 'system', component: 'dispatch-tracking' },
    openedAt: '2026-01-12T09:00:00Z',
    alertIds: [],
    ...(dispatch === undefined ? {} : { dispatch }),
  });
}

const stored = {
  status: 'en_route' as const,
  eta: '2026-01-12T10:30:00Z',
  updatedAt: '2026-01-12T09:50:00Z',
  asset: { assetId: 'truck-1', position: { lon: -73.7, lat: 18.19 } },
};

describe('dispatch progress', () => {
  it('keeps the latest ETA and distance per incident and vehicle, ignoring older events', () => {
    let state = dispatchProgressed(
      initialDispatchProgress,
      tracking('2026-01-12T09:55:00Z', {
        assetId: 'truck-1',
        status: 'en_route',
        eta: '2026-01-12T10:20:00Z',
        distanceM: 8_000,
      }),
    );
    state = dispatchProgressed(
      state,
      tracking('2026-01-12T09:54:00Z', {
        assetId: 'truck-1',
        status: 'en_route',
        eta: '2026-01-12T11:00:00Z',
        distanceM: 20_000,
      }),
    );
    expect(state.get('inc-1')?.get('truck-1')).toMatchObject({
      eta: '2026-01-12T10:20:00Z',
      distanceM: 8_000,
    });
    const unchanged = dispatchProgressed(state, tracking('2026-01-12T09:56:00Z', undefined));
    expect(unchanged).toBe(state);
  });

  it('shows the live ETA and distance when newer than the stored dispatch, else the stored ETA and the straight line', () => {
    const live = {
      status: 'en_route' as const,
      eta: '2026-01-12T10:12:00Z',
      distanceM: 4_260,
      at: '2026-01-12T09:59:00Z',
    };
    expect(dispatchEta(stored, live, NOW, { incident: CAYES })).toEqual({ minutes: 12, km: 4.3 });
    const stale = { ...live, at: '2026-01-12T09:40:00Z' };
    const fallback = dispatchEta(stored, stale, NOW, { incident: CAYES });
    expect(fallback.minutes).toBe(30);
    expect(fallback.km).toBeCloseTo(distanceMetres(stored.asset.position, CAYES) / 1000, 1);
    expect(dispatchEta(stored, undefined, NOW, { incident: CAYES, from: CAYES }).km).toBe(0);
  });

  it('shows no ETA once the vehicle arrived', () => {
    const arrived = {
      status: 'on_scene' as const,
      arrivedAt: '2026-01-12T10:01:00Z',
      at: '2026-01-12T10:01:00Z',
    };
    expect(dispatchEta(stored, arrived, NOW, { incident: CAYES })).toEqual({
      arrivedAt: '2026-01-12T10:01:00Z',
    });
  });

  it('measures great-circle distances', () => {
    // One degree of latitude is about 111.2 km.
    expect(distanceMetres({ lon: 0, lat: 0 }, { lon: 0, lat: 1 })).toBeCloseTo(111_195, -2);
  });
});
