// Counts shown by the header, refreshed a couple of times a second by the map (never per socket message).
import { createStore } from 'zustand/vanilla';

export interface MapStats {
  /** Live entities in the store. */
  readonly entityCount: number;
  /** Entities drawn (with a position). */
  readonly drawn: number;
}

export const mapStatsStore = createStore<MapStats>()(() => ({ entityCount: 0, drawn: 0 }));
