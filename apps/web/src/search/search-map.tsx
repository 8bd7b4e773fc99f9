'use client';
// The search map element: one effect creates the search map.
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { webEnv } from '../env';
import { createSearchMap } from './search-map-controller';
import type { SearchMap } from './search-map-controller';

export default function SearchMapElement() {
  const containerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    let map: SearchMap | null = null;
    let cancelled = false;
    createSearchMap({
      container,
      styleUrl: webEnv.mapStyleUrl,
      countriesUrl: webEnv.countriesUrl,
      maplibreWorkerUrl: webEnv.maplibreWorkerUrl,
    })
      .then((created) => {
        if (cancelled) created.destroy();
        else map = created;
      })
      .catch((error: unknown) => console.error('vigie: the search map could not start', error));
    return () => {
      cancelled = true;
      map?.destroy();
    };
  }, []);
  return (
    <div className="live-map" data-testid="search-map">
      <div ref={containerRef} className="live-map__canvas" />
    </div>
  );
}
