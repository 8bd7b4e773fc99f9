/**
 * Alerts Vigie raises (`TLiveAlertV1`) written as OASIS CAP 1.2 XML, valid against the CAP 1.2 schema:
 * elements in the schema's order, times as `YYYY-MM-DDThh:mm:ss+00:00` (no `Z`, no fraction), pairs
 * as `lat,lon`, identifiers without spaces, commas, `<` or `&`.
 *
 * - `identifier`: `vigie-<alertId>` for the first message; an alert updated since (`updatedAt`) is an
 *   `Update` and a cancelled one a `Cancel`, each with its own identifier (suffixed with the time) and
 *   `references` pointing to the first message.
 * - Geometry: a Point is a circle of radius 0; each polygon's outer ring a `<polygon>`; a line is the
 *   circle around its first point (CAP has no lines).
 */
import type { TLiveAlertV1 } from '@vigie/contracts/live-alerts';
import type { TCategory } from '@vigie/contracts/categories';
import type { TSeverity } from '@vigie/contracts/severity';

export interface CapExportOptions {
  /** CAP `sender`, e.g. `vigie@relief.example.org` (no spaces, commas, `<` or `&`). */
  sender: string;
  senderName?: string;
  /** Language of the text (default `en-US`). */
  language?: string;
  scope?: 'Public' | 'Restricted' | 'Private';
  /** Required by CAP when scope is Restricted. */
  restriction?: string;
  /** Link to the alert in Vigie. */
  web?: string;
}

const CATEGORY: Record<TCategory, string> = {
  flood: 'Met',
  storm: 'Met',
  earthquake: 'Geo',
  tsunami: 'Geo',
  landslide: 'Geo',
  volcano: 'Geo',
  wildfire: 'Fire',
  fire: 'Fire',
  drought: 'Env',
  epidemic: 'Health',
  conflict: 'Security',
  accident: 'Transport',
  infrastructure: 'Infra',
  access: 'Transport',
  medical: 'Health',
  shelter: 'Rescue',
  food: 'Other',
  water: 'Infra',
  missing_person: 'Rescue',
  security: 'Security',
  other: 'Other',
};

const SEVERITY: Record<TSeverity, string> = {
  info: 'Minor',
  minor: 'Minor',
  moderate: 'Moderate',
  severe: 'Severe',
  extreme: 'Extreme',
};

const CERTAINTY: Record<TLiveAlertV1['kind'], string> = {
  threshold: 'Observed',
  rate_of_change: 'Observed',
  anomaly: 'Possible',
  geofence_enter: 'Observed',
  geofence_exit: 'Observed',
  geofence_dwell: 'Observed',
  report_cluster: 'Likely',
  corroboration: 'Likely',
  external: 'Likely',
};

/** XML text: the five special characters escaped, characters XML 1.0 cannot carry removed. */
function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A CAP identifier token: characters CAP forbids replaced by `-`. */
function token(value: string): string {
  return value.replace(/[\s,<&]+/g, '-');
}

/** `2021-08-14T12:00:00+00:00`: what the CAP 1.2 schema's dateTime pattern accepts. */
export function capDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`capDateTime: not a date-time: ${iso}`);
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

const num = (v: number): string => String(Math.round(v * 1e6) / 1e6);
const pair = (lon: number, lat: number): string => `${num(lat)},${num(lon)}`;

function areaShapes(place: TLiveAlertV1['place']): { polygons: string[]; circles: string[] } {
  switch (place.type) {
    case 'Point':
      return { polygons: [], circles: [`${pair(place.coordinates[0], place.coordinates[1])} 0`] };
    case 'LineString': {
      const first = place.coordinates[0]!;
      return { polygons: [], circles: [`${pair(first[0], first[1])} 0`] };
    }
    case 'Polygon':
      return { polygons: [ring(place.coordinates[0]!)], circles: [] };
    case 'MultiPolygon':
      return { polygons: place.coordinates.map((polygon) => ring(polygon[0]!)), circles: [] };
  }
}

function ring(positions: readonly (readonly [number, number, (number | undefined)?])[]): string {
  return positions.map((p) => pair(p[0], p[1])).join(' ');
}

const element = (name: string, value: string | undefined, indent: string): string =>
  value === undefined ? '' : `${indent}<${name}>${xmlText(value)}</${name}>\n`;

export function alertToCap(alert: TLiveAlertV1, options: CapExportOptions): string {
  const sender = token(options.sender);
  const baseId = token(`vigie-${alert.alertId}`);
  const cancelled = alert.status === 'cancelled';
  const changedAt = alert.updatedAt ?? alert.raisedAt;
  const msgType = cancelled ? 'Cancel' : alert.updatedAt !== undefined ? 'Update' : 'Alert';
  const identifier =
    msgType === 'Alert' ? baseId : `${baseId}-${capDateTime(changedAt).slice(0, 19).replace(/[-:]/g, '')}`;
  const sent = capDateTime(msgType === 'Alert' ? alert.raisedAt : changedAt);
  const over = alert.status === 'cleared' || alert.status === 'expired' || cancelled;
  const { polygons, circles } = areaShapes(alert.place);
  const scope = options.scope ?? 'Public';

  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\n';
  xml += element('identifier', identifier, '  ');
  xml += element('sender', sender, '  ');
  xml += element('sent', sent, '  ');
  xml += element('status', 'Actual', '  ');
  xml += element('msgType', msgType, '  ');
  xml += element('source', 'Vigie', '  ');
  xml += element('scope', scope, '  ');
  if (scope === 'Restricted') xml += element('restriction', options.restriction ?? 'Operators only', '  ');
  if (msgType !== 'Alert')
    xml += element('references', `${sender},${baseId},${capDateTime(alert.raisedAt)}`, '  ');
  if (alert.incidentId !== undefined) xml += element('incidents', token(alert.incidentId), '  ');
  xml += '  <info>\n';
  xml += element('language', options.language ?? 'en-US', '    ');
  xml += element('category', alert.category ? CATEGORY[alert.category] : 'Other', '    ');
  xml += element('event', alert.title, '    ');
  xml += element('urgency', over ? 'Past' : 'Immediate', '    ');
  xml += element('severity', SEVERITY[alert.severity], '    ');
  xml += element('certainty', CERTAINTY[alert.kind], '    ');
  if (alert.expiresAt !== undefined) xml += element('expires', capDateTime(alert.expiresAt), '    ');
  xml += element('senderName', options.senderName, '    ');
  xml += element('headline', alert.title.slice(0, 160), '    ');
  xml += element('description', alert.description, '    ');
  xml += element('web', options.web, '    ');
  xml += '    <parameter>\n';
  xml += element('valueName', 'vigie:kind', '      ');
  xml += element('value', alert.kind, '      ');
  xml += '    </parameter>\n';
  xml += '    <area>\n';
  xml += element('areaDesc', alert.region?.name ?? alert.region?.country ?? 'Alert area', '      ');
  for (const polygon of polygons) xml += element('polygon', polygon, '      ');
  for (const circle of circles) xml += element('circle', circle, '      ');
  if (alert.region?.country !== undefined) {
    xml += '      <geocode>\n';
    xml += element('valueName', 'ISO3166-1-alpha-3', '        ');
    xml += element('value', alert.region.country, '        ');
    xml += '      </geocode>\n';
  }
  xml += '    </area>\n';
  xml += '  </info>\n';
  xml += '</alert>\n';
  return xml;
}
