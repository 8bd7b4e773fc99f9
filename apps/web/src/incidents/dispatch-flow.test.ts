import { describe, expect, it } from 'vitest';
import {
  bestSuggestion,
  canDispatch,
  dispatchAccepted,
  dispatchFailed,
  dispatchRequested,
  incidentOpened,
  initialDispatchFlowState,
  etaMinutes,
  rankSuggestions,
  suggestionFromVehicle,
  suggestionsLoaded,
  vehicleChosen,
} from './dispatch-flow';
import type { DispatchSuggestion } from './dispatch-flow';

const truck = (assetId: string, etaSeconds: number, distanceKm = etaSeconds / 60): DispatchSuggestion => ({
  assetId,
  name: assetId,
  etaSeconds,
  distanceKm,
});

describe('dispatch flow', () => {
  it('goes from a toast to a dispatched vehicle in two clicks: open, dispatch', () => {
    let state = incidentOpened(initialDispatchFlowState, 'inc-1', 'toast');
    expect(state).toMatchObject({ phase: 'loading', clicks: 1, origin: 'toast' });
    expect(canDispatch(state)).toBe(false);
    state = suggestionsLoaded(state, 'inc-1', [truck('far', 1800), truck('near', 600), truck('mid', 900)]);
    expect(state.chosenAssetId).toBe('near');
    expect(canDispatch(state)).toBe(true);
    state = dispatchRequested(state, 'cmd-1');
    expect(state).toMatchObject({ phase: 'sending', commandId: 'cmd-1', clicks: 2 });
    state = dispatchAccepted(state, 'cmd-1');
    expect(state).toMatchObject({ phase: 'sent', lastDispatched: { assetId: 'near', name: 'near' } });
    expect(state.clicks).toBeLessThanOrEqual(3);
  });

  it('readies the next dispatch, with a new command id, when the planner answers again', () => {
    let state = incidentOpened(initialDispatchFlowState, 'inc-1', 'toast');
    state = suggestionsLoaded(state, 'inc-1', [truck('a', 60), truck('b', 120)]);
    state = dispatchAccepted(dispatchRequested(state, 'cmd-1'), 'cmd-1');
    expect(canDispatch(state)).toBe(false);
    state = suggestionsLoaded(state, 'inc-1', [truck('b', 120)]);
    expect(state).toMatchObject({ phase: 'ready', chosenAssetId: 'b', lastDispatched: { assetId: 'a' } });
    state = dispatchRequested(state, 'cmd-2');
    expect(state).toMatchObject({ commandId: 'cmd-2', sendingAssetId: 'b' });
  });

  it('counts a change of vehicle as a click and keeps the choice when suggestions refresh', () => {
    let state = incidentOpened(initialDispatchFlowState, 'inc-1', 'queue');
    state = suggestionsLoaded(state, 'inc-1', [truck('a', 300), truck('b', 400)]);
    state = vehicleChosen(state, 'b');
    expect(state).toMatchObject({ chosenAssetId: 'b', clicks: 2 });
    state = suggestionsLoaded(state, 'inc-1', [truck('a', 200), truck('b', 450)]);
    expect(state.chosenAssetId).toBe('b');
    expect(vehicleChosen(state, 'unknown')).toBe(state);
  });

  it('ignores suggestions for another incident and starts over on a new one', () => {
    let state = incidentOpened(initialDispatchFlowState, 'inc-1', 'toast');
    expect(suggestionsLoaded(state, 'inc-2', [truck('a', 1)])).toBe(state);
    state = suggestionsLoaded(state, 'inc-1', [truck('a', 1)]);
    state = incidentOpened(state, 'inc-2', 'queue');
    expect(state).toMatchObject({ incidentId: 'inc-2', chosenAssetId: null, clicks: 1, suggestions: [] });
  });

  it('retries a failed dispatch with the same command id', () => {
    let state = suggestionsLoaded(incidentOpened(initialDispatchFlowState, 'i', 'toast'), 'i', [
      truck('a', 60),
    ]);
    state = dispatchRequested(state, 'cmd-1');
    expect(dispatchRequested(state, 'cmd-x')).toBe(state);
    state = dispatchFailed(state, 'cmd-1', 'network');
    expect(state).toMatchObject({ phase: 'failed', error: 'network' });
    state = dispatchRequested(state, 'cmd-2');
    expect(state).toMatchObject({ phase: 'sending', commandId: 'cmd-1', error: null });
    // Failed again, the operator picks another vehicle: that is another command.
    state = suggestionsLoaded(dispatchFailed(state, 'cmd-1', 'network'), 'i', [
      truck('a', 60),
      truck('b', 90),
    ]);
    state = dispatchRequested(vehicleChosen(state, 'b'), 'cmd-3');
    expect(state).toMatchObject({ commandId: 'cmd-3', sendingAssetId: 'b' });
  });

  it('ranks by arrival, then distance', () => {
    const list = [truck('c', 600, 9), truck('a', 300, 5), truck('b', 300, 4)];
    expect(rankSuggestions(list).map((s) => s.assetId)).toEqual(['b', 'a', 'c']);
    expect(bestSuggestion(list)?.assetId).toBe('b');
    expect(bestSuggestion([])).toBeNull();
  });
});

describe('planner suggestions', () => {
  it('become dispatch suggestions named, timed in seconds and distanced in km', () => {
    expect(
      suggestionFromVehicle({
        assetId: 'truck-7',
        kind: 'vehicle',
        status: 'available',
        position: { lon: 1, lat: 2 },
        distanceM: 12_500,
        etaS: 900,
        eta: '2026-11-24T08:15:00.000Z',
      }),
    ).toEqual({ assetId: 'truck-7', name: 'truck-7', etaSeconds: 900, distanceKm: 12.5 });
    expect(etaMinutes(20)).toBe(1);
    expect(etaMinutes(899)).toBe(15);
  });
});
