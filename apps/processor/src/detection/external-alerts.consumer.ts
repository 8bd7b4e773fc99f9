/**
 * raw.alerts → external alerts and hazard zones. An Alert or Update (status Actual or Exercise) is
 * stored as an alert of kind `external` (unique on sender + identifier); its CAP areas with polygons
 * or circles become one hazard zone per original alert (source = sender, code = the identifier of
 * the first message of the chain), valid until the alert expires, which the geofence detector sees at
 * once. An Update replaces the alerts it references and reshapes the zone; a Cancel marks the
 * referenced alerts cancelled and ends the zone. Alerts Vigie cannot place (geocodes only) and areas
 * the database refuses go to the dead-letter topic with their reason.
 */
import type { LogRecord } from '@vigie/bus/log';
import type { TExternalAlertV1 } from '@vigie/contracts/alerts';
import type { TCategory } from '@vigie/contracts/categories';
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TSeverity } from '@vigie/contracts/severity';
import { cancelExternalAlerts, upsertAlerts } from '@vigie/db/alerts-repository';
import type { Db } from '@vigie/db/database';
import { endZones, upsertHazardZone } from '@vigie/db/zones-repository';
import { stableAlertId } from '@vigie/domain/detection/alert-draft';
import type { GeofenceZone } from '@vigie/domain/detection/geofence-detector';
import { destinationPoint } from '@vigie/domain/geo';
import { h3CellOf } from '@vigie/domain/h3-cell';
import type { Rejection } from '../build-dead-letter';
import { isDataError } from '../database-error';
import type { DetectionContext } from './detection-context';
import type { DetectionStage } from './detection-stage';

const SEVERITY: Record<TExternalAlertV1['severity'], TSeverity> = {
  Extreme: 'extreme',
  Severe: 'severe',
  Moderate: 'moderate',
  Minor: 'minor',
  Unknown: 'info',
};

const EVENT_CATEGORIES: readonly [RegExp, TCategory][] = [
  [/flood|inond|crue/i, 'flood'],
  [/earthquake|séisme|seisme|tremblement/i, 'earthquake'],
  [/tsunami/i, 'tsunami'],
  [/cyclone|hurricane|storm|tempête|ouragan/i, 'storm'],
  [/landslide|glissement/i, 'landslide'],
  [/volcan/i, 'volcano'],
  [/wildfire|forest fire|feu de forêt/i, 'wildfire'],
  [/drought|sécheresse/i, 'drought'],
  [/epidemic|cholera|outbreak/i, 'epidemic'],
];

export function categoryOf(alert: TExternalAlertV1): TCategory {
  for (const [pattern, category] of EVENT_CATEGORIES) if (pattern.test(alert.event)) return category;
  const cap = alert.category[0];
  if (cap === 'Geo') return 'earthquake';
  if (cap === 'Fire') return 'fire';
  if (cap === 'Met') return 'storm';
  if (cap === 'Health') return 'epidemic';
  if (cap === 'Security') return 'security';
  if (cap === 'Infra' || cap === 'Transport') return 'infrastructure';
  return 'other';
}

/** A circle as a 32-sided polygon ring. */
function circleRing(center: { lon: number; lat: number }, radiusKm: number): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i < 32; i++) {
    const p = destinationPoint(center, (i * 360) / 32, radiusKm * 1000);
    ring.push([p.lon, p.lat]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** The polygons of every area (circles of radius > 0 included), as MultiPolygon coordinates. */
export function areaPolygons(alert: TExternalAlertV1): [number, number][][][] {
  const out: [number, number][][][] = [];
  for (const area of alert.areas) {
    for (const polygon of area.polygons ?? []) out.push(polygon.coordinates as [number, number][][]);
    for (const circle of area.circles ?? [])
      if (circle.radiusKm > 0) out.push([circleRing(circle.center, circle.radiusKm)]);
  }
  return out;
}

function placeOf(alert: TExternalAlertV1, polygons: [number, number][][][]): TLiveAlertV1['place'] | null {
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0]! };
  if (polygons.length > 1) return { type: 'MultiPolygon', coordinates: polygons };
  const point = alert.areas.flatMap((a) => a.circles ?? [])[0]?.center;
  return point === undefined ? null : { type: 'Point', coordinates: [point.lon, point.lat] };
}

/** Identifier of the first message of the chain an Update or Cancel belongs to. */
export function rootIdentifier(alert: TExternalAlertV1): string {
  const refs = [...(alert.references ?? [])].filter((r) => r.sender === alert.sender);
  refs.sort((a, b) => Date.parse(a.sent) - Date.parse(b.sent));
  return refs[0]?.identifier ?? alert.identifier;
}

export function externalAlertId(sender: string, identifier: string): string {
  return stableAlertId('external', sender, identifier);
}

export function toLiveExternalAlert(
  alert: TExternalAlertV1,
  eventId: string,
  place: TLiveAlertV1['place'],
  centre: { lon: number; lat: number },
): TLiveAlertV1 {
  const title =
    alert.headline ?? `${alert.event}${alert.senderName === undefined ? '' : ` (${alert.senderName})`}`;
  return {
    alertId: externalAlertId(alert.sender, alert.identifier),
    kind: 'external',
    severity: SEVERITY[alert.severity],
    status: 'active',
    title: title.slice(0, 200) || alert.event.slice(0, 200),
    ...(alert.description === undefined ? {} : { description: alert.description.slice(0, 4_000) }),
    category: categoryOf(alert),
    place,
    cell: h3CellOf(centre.lon, centre.lat),
    evidence: [
      {
        kind: 'external_alert',
        eventId,
        entityId: alert.identifier.slice(0, 128),
        at: alert.sent,
        summary: alert.event.slice(0, 500),
      },
    ],
    external: { sender: alert.sender, identifier: alert.identifier },
    raisedAt: alert.sent,
    ...(alert.expires === undefined ? {} : { expiresAt: alert.expires }),
  };
}

function centreOf(
  polygons: [number, number][][][],
  place: TLiveAlertV1['place'],
): { lon: number; lat: number } {
  if (place.type === 'Point') return { lon: place.coordinates[0], lat: place.coordinates[1] };
  const ring = polygons[0]![0]!.slice(0, -1);
  return {
    lon: ring.reduce((s, p) => s + p[0], 0) / ring.length,
    lat: ring.reduce((s, p) => s + p[1], 0) / ring.length,
  };
}

function noPlace(record: LogRecord): { record: LogRecord; rejection: Rejection } {
  return {
    record,
    rejection: {
      code: 'VALIDATION_FAILED',
      message: 'External alert without a polygon, a circle or a point: Vigie cannot place it on the map',
      issues: [
        { path: 'payload.areas', message: 'no polygon, circle or point in any area', code: 'no_place' },
      ],
    },
  };
}

export function externalAlertsConsumer(context: DetectionContext): DetectionStage<'raw.alerts'> {
  return {
    topic: 'raw.alerts',
    plan(events, _checkpoint, now) {
      const zonesPut: GeofenceZone[] = [];
      const zonesEnded: { id: string; at: number }[] = [];
      return {
        statePatch: {},
        async write(tx: Db) {
          const alerts: TLiveAlertV1[] = [];
          const rejected: { record: LogRecord; rejection: Rejection }[] = [];
          for (const { record, event } of events) {
            const a = event.payload;
            if (a.status !== 'Actual' && a.status !== 'Exercise') continue;
            if (a.msgType === 'Ack' || a.msgType === 'Error') continue;
            const root = rootIdentifier(a);
            const references = (a.references ?? []).map((r) => ({
              sender: r.sender,
              identifier: r.identifier,
            }));
            if (a.msgType === 'Cancel') {
              alerts.push(...(await cancelExternalAlerts(tx, references, now)));
              const ended = await endZones(tx, a.sender, root, new Date(a.sent));
              for (const id of ended) zonesEnded.push({ id, at: Date.parse(a.sent) });
              continue;
            }
            const polygons = areaPolygons(a);
            const place = placeOf(a, polygons);
            if (place === null) {
              rejected.push(noPlace(record));
              continue;
            }
            const live = toLiveExternalAlert(a, event.id, place, centreOf(polygons, place));
            try {
              // A savepoint: an area the database refuses (self-intersecting ring) loses this alert only.
              await tx.transaction(async (sp) => {
                if (a.msgType === 'Update' && references.length > 0) {
                  alerts.push(...(await cancelExternalAlerts(sp, references, now)));
                }
                await upsertAlerts(sp, [live], now);
                if (polygons.length > 0) {
                  const validFrom = new Date(a.effective ?? a.sent);
                  const expires = a.expires === undefined ? null : new Date(a.expires);
                  const validTo = expires !== null && expires > validFrom ? expires : null;
                  const zone = await upsertHazardZone(sp, {
                    source: a.sender,
                    code: root,
                    name: (a.headline ?? a.event).slice(0, 200),
                    geometry: { type: 'MultiPolygon', coordinates: polygons },
                    validFrom,
                    validTo,
                    attrs: { severity: live.severity, category: live.category, alertId: live.alertId },
                  });
                  zonesPut.push({
                    id: zone.id,
                    kind: 'hazard',
                    name: zone.name,
                    polygons: zone.geometry.coordinates as number[][][][],
                    validFrom: validFrom.getTime(),
                    validTo: validTo?.getTime() ?? null,
                    severity: live.severity,
                    ...(live.category === undefined ? {} : { category: live.category }),
                  });
                } else {
                  zonesEnded.push(
                    ...(await endZones(sp, a.sender, root, now)).map((id) => ({ id, at: now.getTime() })),
                  );
                }
              });
              alerts.push(live);
            } catch (error) {
              if (!isDataError(error)) throw error;
              const message = error instanceof Error ? error.message : String(error);
              rejected.push({
                record,
                rejection: {
                  code: 'VALIDATION_FAILED',
                  message: `Area refused by the database: ${message}`.slice(0, 1_000),
                  issues: [{ path: 'payload.areas', message: message.slice(0, 1_000), code: 'database' }],
                },
              });
            }
          }
          return { alerts, rejected };
        },
        apply() {
          for (const zone of zonesPut) context.putZone(zone);
          for (const { id, at } of zonesEnded) context.endZone(id, at);
        },
      };
    },
  };
}
