'use client';
// The replay map element: one effect creates the replay map (its own MapLibre map and deck.gl overlay).
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { webEnv } from '../env';
import { createReplayMap } from './replay-map-controller';
import type { ReplayMap } from './replay-map-controller';
import { replayStore } from './replay-state';

export default function ReplayMapElement() {
  const containerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    let map: ReplayMap | null = null;
    let cancelled = false;
    createReplayMap({
      container,
      store: replayStore,
      styleUrl: webEnv.mapStyleUrl,
      countriesUrl: webEnv.countriesUrl,
      maplibreWorkerUrl: webEnv.maplibreWorkerUrl,
    })
      .then((created) => {
        if (cancelled) created.destroy();
        else map = created;
      })
      .catch((error: unknown) => console.error('vigie: the replay map could not start', error));
    return () => {
      cancelled = true;
      map?.destroy();
    };
  }, []);
  return (
    <div className="live-map" data-testid="replay-map">
      <div ref={containerRef} className="live-map__canvas" />
    </div>
  );
}
