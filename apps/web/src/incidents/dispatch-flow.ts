// The path from an alert to a dispatched vehicle, as named pure operations. Opening an incident (from a
// toast or the queue) loads its suggestions and pre-selects the best vehicle, so a dispatch is one more click.
// The state counts the operator's clicks since the path began, so the page (and its browser test) can show
// the path stays short.

import type { TVehicleSuggestion } from '@vigie/contracts/incident-api';

/** A vehicle the planner proposes for an incident. */
export interface DispatchSuggestion {
  readonly assetId: string;
  readonly name: string;
  /** Estimated time of arrival in seconds, from distance and recent speed. */
  readonly etaSeconds: number;
  readonly distanceKm: number;
}

export function suggestionFromVehicle(vehicle: TVehicleSuggestion): DispatchSuggestion {
  return {
    assetId: vehicle.assetId,
    name: vehicle.name ?? vehicle.assetId,
    etaSeconds: vehicle.etaS,
    distanceKm: vehicle.distanceM / 1000,
  };
}

/** Whole minutes of an ETA, at least 1. */
export function etaMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}

export type DispatchPhase = 'idle' | 'loading' | 'ready' | 'sending' | 'sent' | 'failed';

export interface DispatchFlowState {
  readonly incidentId: string | null;
  /** Where the path began. */
  readonly origin: 'toast' | 'queue' | 'map' | null;
  readonly suggestions: readonly DispatchSuggestion[];
  readonly chosenAssetId: string | null;
  readonly phase: DispatchPhase;
  /** Generated when the dispatch is first sent; a retry sends the same id, the next dispatch a new one. */
  readonly commandId: string | null;
  /** The vehicle of the dispatch on its way (or failed). */
  readonly sendingAssetId: string | null;
  /** The last dispatch the gateway accepted on this path. */
  readonly lastDispatched: { readonly assetId: string; readonly name: string } | null;
  readonly error: string | null;
  /** Operator clicks since the path began (the opening click included). */
  readonly clicks: number;
}

export const initialDispatchFlowState: DispatchFlowState = {
  incidentId: null,
  origin: null,
  suggestions: [],
  chosenAssetId: null,
  phase: 'idle',
  commandId: null,
  sendingAssetId: null,
  lastDispatched: null,
  error: null,
  clicks: 0,
};

/** The best suggestion: the soonest arrival, then the nearest. */
export function bestSuggestion(suggestions: readonly DispatchSuggestion[]): DispatchSuggestion | null {
  let best: DispatchSuggestion | null = null;
  for (const s of suggestions) {
    if (
      best === null ||
      s.etaSeconds < best.etaSeconds ||
      (s.etaSeconds === best.etaSeconds && s.distanceKm < best.distanceKm)
    )
      best = s;
  }
  return best;
}

/** Suggestions in the order shown: soonest first. */
export function rankSuggestions(suggestions: readonly DispatchSuggestion[]): DispatchSuggestion[] {
  return [...suggestions].sort((a, b) => a.etaSeconds - b.etaSeconds || a.distanceKm - b.distanceKm);
}

/** One click opened an incident: a new path begins (re-opening the same one keeps its state). */
export function incidentOpened(
  state: DispatchFlowState,
  incidentId: string,
  origin: 'toast' | 'queue' | 'map',
): DispatchFlowState {
  if (state.incidentId === incidentId) return { ...state, clicks: state.clicks + 1 };
  return { ...initialDispatchFlowState, incidentId, origin, phase: 'loading', clicks: 1 };
}

export function incidentClosed(): DispatchFlowState {
  return initialDispatchFlowState;
}

/** The planner answered for `incidentId`; the best vehicle is chosen unless the operator chose one. */
export function suggestionsLoaded(
  state: DispatchFlowState,
  incidentId: string,
  suggestions: readonly DispatchSuggestion[],
): DispatchFlowState {
  if (state.incidentId !== incidentId) return state;
  const chosen =
    state.chosenAssetId !== null && suggestions.some((s) => s.assetId === state.chosenAssetId)
      ? state.chosenAssetId
      : (bestSuggestion(suggestions)?.assetId ?? null);
  // After an accepted dispatch the planner's next answer (without that vehicle) readies the next one.
  const phase =
    state.phase === 'loading' || state.phase === 'idle' || state.phase === 'sent' ? 'ready' : state.phase;
  return { ...state, suggestions, chosenAssetId: chosen, phase };
}

/** The operator picked another vehicle (a click). */
export function vehicleChosen(state: DispatchFlowState, assetId: string): DispatchFlowState {
  if (!state.suggestions.some((s) => s.assetId === assetId) || state.phase === 'sending') return state;
  return { ...state, chosenAssetId: assetId, clicks: state.clicks + 1, phase: 'ready', error: null };
}

/** Whether "Dispatch" can be pressed. */
export function canDispatch(state: DispatchFlowState): boolean {
  return state.chosenAssetId !== null && (state.phase === 'ready' || state.phase === 'failed');
}

/** "Dispatch" pressed (a click); `newCommandId` is used only the first time, a retry keeps the first id. */
export function dispatchRequested(state: DispatchFlowState, newCommandId: string): DispatchFlowState {
  if (!canDispatch(state)) return state;
  // A retry of the same vehicle keeps the command id; another vehicle is another command.
  const retry = state.commandId !== null && state.sendingAssetId === state.chosenAssetId;
  return {
    ...state,
    phase: 'sending',
    error: null,
    commandId: retry ? state.commandId : newCommandId,
    sendingAssetId: state.chosenAssetId,
    clicks: state.clicks + 1,
  };
}

export function dispatchAccepted(state: DispatchFlowState, commandId: string): DispatchFlowState {
  if (state.commandId !== commandId) return state;
  const assetId = state.sendingAssetId!;
  const name = state.suggestions.find((s) => s.assetId === assetId)?.name ?? assetId;
  return {
    ...state,
    phase: 'sent',
    commandId: null,
    sendingAssetId: null,
    lastDispatched: { assetId, name },
  };
}

export function dispatchFailed(
  state: DispatchFlowState,
  commandId: string,
  error: string,
): DispatchFlowState {
  return state.commandId === commandId ? { ...state, phase: 'failed', error } : state;
}
