'use client';
// The phone's map: the offline basemap, the incident and my position as two markers, framed together.
import 'maplibre-gl/dist/maplibre-gl.css';
import * as maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { webEnv } from '../env';
import { EMPTY_SHAPES, chooseBasemapStyle, shapesFromTopology } from '../map/basemap-style';

export interface FieldMapProps {
  readonly label: string;
  readonly incident: { readonly lon: number; readonly lat: number } | null;
  readonly me: { readonly lon: number; readonly lat: number } | null;
}

function markerElement(doc: Document, kind: 'incident' | 'me'): HTMLElement {
  const el = doc.createElement('div');
  el.className = `field-map__marker field-map__marker--${kind}`;
  el.setAttribute('aria-hidden', 'true');
  return el;
}

export default function FieldMap({ label, incident, me }: FieldMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<maplibregl.Map | null>(null);
  const incidentMarker = useRef<maplibregl.Marker | null>(null);
  const meMarker = useRef<maplibregl.Marker | null>(null);
  const framed = useRef(false);

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) return;
    let cancelled = false;
    maplibregl.setWorkerUrl(webEnv.maplibreWorkerUrl);
    const start = async () => {
      let shapes = EMPTY_SHAPES;
      if (webEnv.mapStyleUrl === null) {
        try {
          const response = await fetch(webEnv.countriesUrl);
          if (response.ok) shapes = shapesFromTopology(await response.json());
        } catch (error) {
          console.warn('vigie: country shapes unavailable offline, the map shows the ocean only', error);
        }
      }
      if (cancelled) return;
      const map = new maplibregl.Map({
        container,
        style: chooseBasemapStyle(webEnv.mapStyleUrl, shapes),
        center: [0, 15],
        zoom: 1,
        attributionControl: webEnv.mapStyleUrl === null ? false : { compact: true },
      });
      mapRef.current = map;
      const doc = container.ownerDocument;
      incidentMarker.current = new maplibregl.Marker({ element: markerElement(doc, 'incident') });
      meMarker.current = new maplibregl.Marker({ element: markerElement(doc, 'me') });
    };
    void start();
    return () => {
      cancelled = true;
      mapRef.current?.remove();
      mapRef.current = null;
      framed.current = false;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (map === null) return;
    const place = (marker: maplibregl.Marker | null, at: { lon: number; lat: number } | null) => {
      if (marker === null) return;
      if (at === null) marker.remove();
      else marker.setLngLat([at.lon, at.lat]).addTo(map);
    };
    place(incidentMarker.current, incident);
    place(meMarker.current, me);
    const points = [incident, me].filter((p): p is { lon: number; lat: number } => p !== null);
    if (points.length === 0 || framed.current) return;
    if (points.length === 1) map.jumpTo({ center: [points[0]!.lon, points[0]!.lat], zoom: 13 });
    else {
      const lons = points.map((p) => p.lon);
      const lats = points.map((p) => p.lat);
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        { padding: 40, maxZoom: 14, duration: 0 },
      );
    }
    framed.current = points.length === 2;
  });

  // MapLibre puts a focusable canvas (its own region) inside: the wrapper names the map without a role that
  // would hide it.
  return (
    <section className="field-map" aria-label={label}>
      <div ref={containerRef} className="field-map__canvas" />
    </section>
  );
}
