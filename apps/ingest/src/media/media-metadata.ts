/**
 * The metadata of an uploaded media file, from the query string, `X-Vigie-*` headers or multipart
 * fields (same names: `capturedAt`, `lon`, `lat`, `bearing`, `footprint` (GeoJSON polygon),
 * `caption`, `reportId`, `mediaId`; headers spell them `x-vigie-captured-at`, `x-vigie-lon`…).
 */
export interface MediaMetadataInput {
  capturedAt?: string;
  position?: { lon: number; lat: number };
  bearing?: number;
  footprint?: unknown;
  caption?: string;
  reportId?: string;
  mediaId?: string;
}

const NAMES = ['capturedAt', 'lon', 'lat', 'bearing', 'footprint', 'caption', 'reportId', 'mediaId'] as const;

function headerName(name: string): string {
  return `x-vigie-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export type MetadataResult = { ok: true; metadata: MediaMetadataInput } | { ok: false; reason: string };

export function readMediaMetadata(
  sources: readonly (Record<string, unknown> | undefined)[],
  headers: Record<string, string | string[] | undefined>,
): MetadataResult {
  const raw: Partial<Record<(typeof NAMES)[number], string>> = {};
  for (const name of NAMES) {
    for (const source of sources) {
      const value = source?.[name];
      if (typeof value === 'string' && value !== '') {
        raw[name] = value;
        break;
      }
    }
    const header = headers[headerName(name)];
    if (raw[name] === undefined && typeof header === 'string' && header !== '') raw[name] = header;
  }
  const metadata: MediaMetadataInput = {};
  if (raw.capturedAt !== undefined) metadata.capturedAt = raw.capturedAt;
  if (raw.lon !== undefined || raw.lat !== undefined) {
    const lon = Number(raw.lon);
    const lat = Number(raw.lat);
    if (!Number.isFinite(lon) || !Number.isFinite(lat))
      return { ok: false, reason: 'lon and lat must both be numbers' };
    metadata.position = { lon, lat };
  }
  if (raw.bearing !== undefined) metadata.bearing = Number(raw.bearing);
  if (raw.footprint !== undefined) {
    try {
      metadata.footprint = JSON.parse(raw.footprint);
    } catch {
      return { ok: false, reason: 'footprint must be a GeoJSON Polygon or MultiPolygon' };
    }
  }
  if (raw.caption !== undefined) metadata.caption = raw.caption;
  if (raw.reportId !== undefined) metadata.reportId = raw.reportId;
  if (raw.mediaId !== undefined) metadata.mediaId = raw.mediaId;
  return { ok: true, metadata };
}
