/** Maps a stored zone to what `zones.*` procedures return. */
import type { GeoMultiPolygon, GeoPolygon } from '@vigie/db/geo-types';
import type { TAreaGeometry, TGeoJsonPosition } from '@vigie/contracts/primitives';
import type { TAdminZoneV1 } from '@vigie/contracts/zone-admin-api';
import type { ZoneDto } from '@vigie/db/zones-repository';

export function toAdminZone(zone: ZoneDto): TAdminZoneV1 {
  return {
    id: zone.id,
    kind: zone.kind,
    name: zone.name,
    geometry: zone.geometry as TAdminZoneV1['geometry'],
    validFrom: zone.validFrom?.toISOString() ?? null,
    validTo: zone.validTo?.toISOString() ?? null,
    source: zone.source,
    updatedAt: zone.updatedAt.toISOString(),
  };
}

/** The area to store, positions reduced to [lon, lat] (a zone's extent ignores altitude). */
export function toStoredArea(geometry: TAreaGeometry): GeoPolygon | GeoMultiPolygon {
  const ring = (positions: TAreaGeometry['coordinates'][number]) =>
    (positions as TGeoJsonPosition[][]).map((r) => r.map((p): [number, number] => [p[0], p[1]]));
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: ring(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(ring) };
}
