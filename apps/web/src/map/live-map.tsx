'use client';
// The map element. One effect creates the map controller (MapLibre + deck.gl); everything live flows through
// the stores, never through React props.
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import { webEnv } from '../env';
import { createMapController } from './map-controller';
import type { MapController } from './map-controller';
import { useMediaFeed } from './media-layer';

export default function LiveMap() {
  const containerRef = useRef<HTMLDivElement>(null);
  // Images and videos of the viewport, drawn with the other layers.
  useMediaFeed();
  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    let controller: MapController | null = null;
    let cancelled = false;
    createMapController({
      container,
      styleUrl: webEnv.mapStyleUrl,
      countriesUrl: webEnv.countriesUrl,
      maplibreWorkerUrl: webEnv.maplibreWorkerUrl,
    })
      .then((created) => {
        if (cancelled) created.destroy();
        else controller = created;
      })
      .catch((error: unknown) => console.error('vigie: the map could not start', error));
    return () => {
      cancelled = true;
      controller?.destroy();
    };
  }, []);
  // MapLibre styles its container (position: relative), so the positioned box is a wrapper around it.
  return (
    <div className="live-map" data-testid="live-map">
      <div ref={containerRef} className="live-map__canvas" />
    </div>
  );
}
