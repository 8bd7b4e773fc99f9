// Incidents, alerts and hazard zones on the map: pure mappers from the situation state to drawable features,
// and the deck.gl layers drawing them (zones under the live entities, alerts and incidents above).
import type { Color, Layer, PickingInfo } from '@deck.gl/core';
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { TGeometry } from '@vigie/contracts/primitives';
import type { TSeverity } from '@vigie/contracts/severity';
import { severityRank } from '@vigie/contracts/severity';
import type { TLiveZoneV1 } from '@vigie/contracts/zone-api';
import type { IncidentItem } from '../incidents/incident-queue';
import { isOpen } from '../incidents/incident-queue';
import type { MapAlert } from '../incidents/situation';
import type { Rgba } from './entity-style';

export const SITUATION_LAYER_IDS = {
  zones: 'hazard-zones',
  alerts: 'alerts',
  incidents: 'incidents',
  incidentFocus: 'incident-focus',
  evidence: 'incident-evidence',
} as const;

export const SEVERITY_COLORS: Readonly<Record<TSeverity, Rgba>> = {
  info: [148, 163, 184, 255],
  minor: [56, 189, 248, 255],
  moderate: [250, 204, 21, 255],
  severe: [249, 115, 22, 255],
  extreme: [239, 68, 68, 255],
};

export interface IncidentMarker {
  readonly id: string;
  readonly position: readonly [number, number];
  readonly color: Rgba;
  /** Pixels: larger for more severe incidents. */
  readonly radius: number;
  readonly severity: TSeverity;
}

export interface AlertMarker {
  readonly id: string;
  readonly position: readonly [number, number];
  readonly color: Rgba;
  readonly acknowledged: boolean;
}

export interface ZoneShape {
  readonly id: string;
  /** One polygon (outer ring then holes) per part of the zone. */
  readonly rings: readonly (readonly (readonly [number, number])[])[];
  readonly fill: Rgba;
  readonly line: Rgba;
}

export interface EvidencePoint {
  readonly position: readonly [number, number];
}

/** Open incidents with a position, the most severe drawn last (on top). */
export function incidentMarkers(items: Iterable<IncidentItem>): IncidentMarker[] {
  const markers: IncidentMarker[] = [];
  for (const item of items) {
    if (item.position === undefined || !isOpen(item.status) || item.mergedInto !== undefined) continue;
    markers.push({
      id: item.incidentId,
      position: [item.position.lon, item.position.lat],
      color: SEVERITY_COLORS[item.severity],
      radius: 7 + 2 * severityRank[item.severity],
      severity: item.severity,
    });
  }
  return markers.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
}

/** A point standing for a geometry: the point itself, or the mean of the first ring's vertices. */
export function representativePoint(geometry: TGeometry): [number, number] | null {
  const ring =
    geometry.type === 'Point'
      ? [geometry.coordinates]
      : geometry.type === 'LineString'
        ? geometry.coordinates
        : geometry.type === 'Polygon'
          ? geometry.coordinates[0]
          : geometry.coordinates[0]?.[0];
  if (ring === undefined || ring.length === 0) return null;
  // A closed ring repeats its first vertex; count it once.
  const closed = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1];
  const points = closed ? ring.slice(0, -1) : ring;
  let lon = 0;
  let lat = 0;
  for (const p of points) {
    lon += p[0]!;
    lat += p[1]!;
  }
  return [lon / points.length, lat / points.length];
}

export function alertMarkers(alerts: Iterable<MapAlert>): AlertMarker[] {
  const markers: AlertMarker[] = [];
  for (const alert of alerts) {
    const position = alert.place === undefined ? null : representativePoint(alert.place);
    if (position === null) continue;
    const [r, g, b] = SEVERITY_COLORS[alert.severity];
    const acknowledged = alert.status !== 'active';
    markers.push({ id: alert.alertId, position, color: [r, g, b, acknowledged ? 120 : 255], acknowledged });
  }
  return markers;
}

const ZONE_COLORS: Readonly<Record<TLiveZoneV1['kind'], Rgba>> = {
  hazard: [239, 68, 68, 255],
  geofence: [63, 167, 255, 255],
  admin_area: [148, 163, 184, 255],
};

/** Zones in force at `nowMs` (within their validity), coloured by severity for hazards, by kind otherwise. */
export function zoneShapes(zones: Iterable<TLiveZoneV1>, nowMs: number): ZoneShape[] {
  const shapes: ZoneShape[] = [];
  for (const zone of zones) {
    if (zone.validFrom !== undefined && Date.parse(zone.validFrom) > nowMs) continue;
    if (zone.validTo !== undefined && Date.parse(zone.validTo) <= nowMs) continue;
    const [r, g, b] =
      zone.kind === 'hazard' && zone.severity !== undefined
        ? SEVERITY_COLORS[zone.severity]
        : ZONE_COLORS[zone.kind];
    zone.geometry.coordinates.forEach((polygon, part) =>
      shapes.push({
        id: part === 0 ? zone.zoneId : `${zone.zoneId}#${part}`,
        rings: polygon.map((ring) => ring.map((p) => [p[0]!, p[1]!] as const)),
        fill: [r, g, b, zone.kind === 'admin_area' ? 0 : 50],
        line: [r, g, b, 200],
      }),
    );
  }
  return shapes;
}

export interface SituationLayersInput {
  readonly incidents: readonly IncidentMarker[];
  readonly alerts: readonly AlertMarker[];
  readonly zones: readonly ZoneShape[];
  /** Evidence of the open incident. */
  readonly evidence: readonly EvidencePoint[];
  readonly focusedIncident: IncidentMarker | null;
  readonly visible: { readonly incidents: boolean; readonly alerts: boolean; readonly zones: boolean };
}

/** Layers under the live entities (zones). */
export function buildSituationUnderlays(input: SituationLayersInput): Layer[] {
  return [
    new PolygonLayer<ZoneShape>({
      id: SITUATION_LAYER_IDS.zones,
      data: input.zones as ZoneShape[],
      visible: input.visible.zones,
      getPolygon: (d) => d.rings as [number, number][][],
      getFillColor: (d) => d.fill as Color,
      getLineColor: (d) => d.line as Color,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      stroked: true,
      filled: true,
      pickable: false,
    }),
  ];
}

/** Layers over the live entities: evidence, alerts, incidents, the focused incident's ring. */
export function buildSituationOverlays(input: SituationLayersInput): Layer[] {
  return [
    new ScatterplotLayer<EvidencePoint>({
      id: SITUATION_LAYER_IDS.evidence,
      data: input.evidence as EvidencePoint[],
      visible: input.focusedIncident !== null,
      getPosition: (d) => d.position as [number, number],
      radiusUnits: 'pixels',
      getRadius: 4,
      getFillColor: [255, 255, 255, 200],
      stroked: true,
      getLineColor: [10, 16, 26, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: false,
    }),
    new ScatterplotLayer<AlertMarker>({
      id: SITUATION_LAYER_IDS.alerts,
      data: input.alerts as AlertMarker[],
      visible: input.visible.alerts,
      getPosition: (d) => d.position as [number, number],
      radiusUnits: 'pixels',
      getRadius: 6,
      filled: false,
      stroked: true,
      getLineColor: (d) => d.color as Color,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      pickable: false,
    }),
    new ScatterplotLayer<IncidentMarker>({
      id: SITUATION_LAYER_IDS.incidents,
      data: input.incidents as IncidentMarker[],
      visible: input.visible.incidents,
      getPosition: (d) => d.position as [number, number],
      radiusUnits: 'pixels',
      getRadius: (d) => d.radius,
      getFillColor: (d) => d.color as Color,
      stroked: true,
      getLineColor: [10, 16, 26, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
    }),
    new ScatterplotLayer<IncidentMarker>({
      id: SITUATION_LAYER_IDS.incidentFocus,
      data: input.focusedIncident === null ? [] : [input.focusedIncident],
      getPosition: (d) => d.position as [number, number],
      radiusUnits: 'pixels',
      getRadius: (d) => d.radius + 8,
      filled: false,
      stroked: true,
      getLineColor: [255, 255, 255, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: false,
    }),
  ];
}

/** The incident under a deck.gl pick, if the pick hit the incident layer. */
export function pickedIncidentId(
  info: Pick<PickingInfo, 'layer' | 'index'>,
  incidents: readonly IncidentMarker[],
): string | null {
  if (info.layer?.id !== SITUATION_LAYER_IDS.incidents || info.index < 0) return null;
  return incidents[info.index]?.id ?? null;
}
