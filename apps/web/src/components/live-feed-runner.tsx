'use client';
import { useEffect } from 'react';
import { startLiveClient } from '../live/live-client';
import { initialLiveViewState, liveView } from '../live/live-view';
import { mapUiStore, selectEntity, subscriptionLayers, updateMapUi } from '../map/map-ui';
import type { MapUiState } from '../map/map-ui';

/**
 * Starts the live core (a worker) and keeps it told what to send: the settled viewport with the live layers
 * switched on, and the selected entity to watch.
 */
export function LiveFeedRunner() {
  useEffect(() => {
    const client = startLiveClient(window);
    let watched: string | null = null;
    let hadLayers = true;
    const sync = (ui: MapUiState) => {
      const layers = subscriptionLayers(ui);
      client.setInterest(ui.viewport === null ? null : { ...ui.viewport, layers });
      if (layers.length === 0 && hadLayers) client.clear();
      hadLayers = layers.length > 0;
      if (ui.selectedId !== watched) {
        watched = ui.selectedId;
        client.watch(watched);
      }
    };
    sync(mapUiStore.getState());
    const unsubscribe = mapUiStore.subscribe(sync);
    return () => {
      unsubscribe();
      client.close();
      // Leaving the command center (sign out): nothing of this session's picture stays on the page.
      liveView.setState(initialLiveViewState, true);
      updateMapUi(selectEntity, null);
    };
  }, []);
  return null;
}
