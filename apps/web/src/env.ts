// Configuration of the browser app, read once. Only NEXT_PUBLIC_* variables reach the browser; Next inlines
// them at build time, so each must be read with its literal name.

export interface WebEnv {
  /** MapLibre style URL for production tiles; unset → the offline basemap built from the shipped shapes. */
  readonly mapStyleUrl: string | null;
  /** Where the shipped country shapes are served (copied into public/ before dev and build). */
  readonly countriesUrl: string;
  /** Where MapLibre's worker script is served (copied into public/ before dev and build). */
  readonly maplibreWorkerUrl: string;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export const webEnv: WebEnv = {
  mapStyleUrl: nonEmpty(process.env.NEXT_PUBLIC_MAP_STYLE_URL),
  countriesUrl: '/basemap/countries-110m.topo.json',
  maplibreWorkerUrl: '/maplibre/maplibre-gl-worker.mjs',
};
