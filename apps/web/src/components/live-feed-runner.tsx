'use client';
import { useEffect } from 'react';
import { startLiveFeed } from '../live/live-feed';
import { liveStore, liveUpdates } from '../live/live-store';
import { mapUiStore, subscriptionLayers } from '../map/map-ui';
import type { MapUiState } from '../map/map-ui';

/** Keeps the socket subscription equal to the settled viewport and the live layers switched on. */
export function LiveFeedRunner() {
  useEffect(() => {
    const feed = startLiveFeed(liveStore, { window });
    const sync = (ui: MapUiState) => {
      feed.setInterest(ui.viewport === null ? null : { ...ui.viewport, layers: subscriptionLayers(ui) });
      if (subscriptionLayers(ui).length === 0 && liveStore.getState().live.seq !== null)
        liveUpdates.clear(liveStore);
    };
    sync(mapUiStore.getState());
    const unsubscribe = mapUiStore.subscribe(sync);
    return () => {
      unsubscribe();
      feed.close();
    };
  }, []);
  return null;
}
