// Page stores of the incident workflow, outside React so the map can read them too: the dispatch path
// (which incident is open, its suggestions, the chosen vehicle) and the open incident's evidence on the map.
import { createStore } from 'zustand/vanilla';
import { initialDispatchFlowState } from './dispatch-flow';
import type { DispatchFlowState } from './dispatch-flow';

export const dispatchFlowStore = createStore<DispatchFlowState>()(() => initialDispatchFlowState);

/** Applies a named operation to the dispatch path. */
export function updateDispatchFlow<P extends unknown[]>(
  operation: (state: DispatchFlowState, ...payload: P) => DispatchFlowState,
  ...payload: P
): void {
  dispatchFlowStore.setState((s) => operation(s, ...payload), true);
}

export interface IncidentEvidenceState {
  readonly incidentId: string | null;
  readonly points: readonly { readonly position: readonly [number, number] }[];
}

export const incidentEvidenceStore = createStore<IncidentEvidenceState>()(() => ({
  incidentId: null,
  points: [],
}));
