import type { TLiveZoneV1 } from '@vigie/contracts/zone-api';
import { describe, expect, it } from 'vitest';
import type { IncidentItem } from '../incidents/incident-queue';
import type { MapAlert } from '../incidents/situation';
import {
  SEVERITY_COLORS,
  SITUATION_LAYER_IDS,
  alertMarkers,
  buildSituationOverlays,
  buildSituationUnderlays,
  incidentMarkers,
  pickedIncidentId,
  representativePoint,
  zoneShapes,
} from './situation-layers';

const incident = (id: string, overrides: Partial<IncidentItem> = {}): IncidentItem => ({
  incidentId: id,
  title: id,
  status: 'detected',
  severity: 'moderate',
  position: { lon: 1, lat: 2 },
  openedAt: '2026-11-24T08:00:00.000Z',
  updatedAt: '2026-11-24T08:00:00.000Z',
  ...overrides,
});

const square: [number, number][] = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
  [0, 0],
];

describe('situation map layers', () => {
  it('draws open incidents with a position, coloured and sized by severity, the most severe on top', () => {
    const markers = incidentMarkers([
      incident('extreme', { severity: 'extreme' }),
      incident('minor', { severity: 'minor' }),
      incident('resolved', { status: 'resolved' }),
      incident('nowhere', { position: undefined }),
      incident('merged', { mergedInto: 'extreme' }),
    ]);
    expect(markers.map((m) => m.id)).toEqual(['minor', 'extreme']);
    expect(markers[1]).toMatchObject({ position: [1, 2], color: SEVERITY_COLORS.extreme });
    expect(markers[1]!.radius).toBeGreaterThan(markers[0]!.radius);
  });

  it('places alerts at their point or at the middle of their area, faded once acknowledged', () => {
    expect(representativePoint({ type: 'Point', coordinates: [5, 6] })).toEqual([5, 6]);
    expect(representativePoint({ type: 'Polygon', coordinates: [square] })).toEqual([1, 1]);
    expect(representativePoint({ type: 'MultiPolygon', coordinates: [[square]] })).toEqual([1, 1]);
    const alerts: MapAlert[] = [
      {
        alertId: 'a',
        title: 'a',
        severity: 'severe',
        status: 'active',
        updatedAt: '',
        place: { type: 'Point', coordinates: [5, 6] },
      },
      {
        alertId: 'b',
        title: 'b',
        severity: 'severe',
        status: 'acknowledged',
        updatedAt: '',
        place: { type: 'Polygon', coordinates: [square] },
      },
      { alertId: 'c', title: 'c', severity: 'severe', status: 'active', updatedAt: '' },
    ];
    const markers = alertMarkers(alerts);
    expect(markers.map((m) => [m.id, m.position, m.acknowledged, m.color[3]])).toEqual([
      ['a', [5, 6], false, 255],
      ['b', [1, 1], true, 120],
    ]);
  });

  it('draws zones in force, one shape per polygon, hazards by severity', () => {
    const zone = (id: string, overrides: Partial<TLiveZoneV1> = {}): TLiveZoneV1 => ({
      zoneId: id,
      kind: 'hazard',
      name: id,
      geometry: { type: 'MultiPolygon', coordinates: [[square], [square]] },
      updatedAt: '2026-11-24T08:00:00.000Z',
      ...overrides,
    });
    const now = Date.parse('2026-11-24T09:00:00.000Z');
    const shapes = zoneShapes(
      [
        zone('flood', { severity: 'extreme' }),
        zone('later', { validFrom: '2026-11-24T10:00:00.000Z' }),
        zone('over', { validTo: '2026-11-24T08:30:00.000Z' }),
        zone('fence', { kind: 'geofence', geometry: { type: 'MultiPolygon', coordinates: [[square]] } }),
      ],
      now,
    );
    expect(shapes.map((s) => s.id)).toEqual(['flood', 'flood#1', 'fence']);
    expect(shapes[0]!.line.slice(0, 3)).toEqual(SEVERITY_COLORS.extreme.slice(0, 3));
    expect(shapes[0]!.rings[0]).toHaveLength(5);
  });

  it('builds zones under and incidents over the live layers, and picks incidents by index', () => {
    const incidents = incidentMarkers([incident('i1'), incident('i2', { severity: 'severe' })]);
    const input = {
      incidents,
      alerts: [],
      zones: [],
      evidence: [{ position: [1, 2] as const }],
      focusedIncident: incidents[1] ?? null,
      visible: { incidents: true, alerts: true, zones: false },
    };
    expect(buildSituationUnderlays(input).map((l) => [l.id, l.props.visible])).toEqual([
      [SITUATION_LAYER_IDS.zones, false],
    ]);
    const over = buildSituationOverlays(input);
    expect(over.map((l) => l.id)).toEqual([
      SITUATION_LAYER_IDS.evidence,
      SITUATION_LAYER_IDS.alerts,
      SITUATION_LAYER_IDS.incidents,
      SITUATION_LAYER_IDS.incidentFocus,
    ]);
    const layer = over.find((l) => l.id === SITUATION_LAYER_IDS.incidents)!;
    expect(pickedIncidentId({ layer, index: 1 }, incidents)).toBe('i2');
    expect(pickedIncidentId({ layer: over[0]!, index: 0 }, incidents)).toBeNull();
    expect(pickedIncidentId({ layer, index: -1 }, incidents)).toBeNull();
  });
});
