/**
 * GDACS RSS / GeoRSS (`https://www.gdacs.org/xml/rss.xml`, `rss_24h.xml`, `rss_7d.xml`, archive searches)
 * mapped to `TExternalAlertV1`. Pure: never throws, every `<item>` becomes an alert or a rejection.
 *
 * Mapping notes:
 * - Key: `identifier` = event type + event id (`EQ1077755`), read from `gdacs:eventtype`/`gdacs:eventid`,
 *   else from `guid`, else from the `link` query. `episode` = `gdacs:episodeid`. Episodes are updates of
 *   the same alert: when one document holds several episodes of an event, only the newest is kept (the
 *   others are rejected as superseded) and it becomes an `Update` referencing the previous episode. An
 *   event known from an earlier poll (`options.previous`) also gives an `Update`.
 * - Severity from `gdacs:alertlevel` (case-insensitive): Green → Minor, Orange → Severe, Red → Extreme
 *   (same scale as USGS PAGER levels); anything else → Unknown.
 * - Place: `georss:point` ("lat lon") or `geo:Point`, as a circle of radius 0; `gdacs:bbox`
 *   ("lonmin lonmax latmin latmax") as a polygon. An item with neither is rejected. Countries and the
 *   single `iso3` go to the area description and geocodes.
 * - XML entities are never expanded (`processEntities: false`); only the five predefined XML entities and
 *   numeric character references are decoded in text.
 */
import { ZExternalAlertV1, type TExternalAlertV1, type TNamedValue } from '@vigie/contracts/alerts';
import type { TAlertArea } from '@vigie/contracts/alerts';
import { ZHttpUrl, clipText, sanitizeText } from '@vigie/contracts/primitives';
import { XMLParser } from 'fast-xml-parser';

export interface GdacsRejection {
  /** Index of the `<item>` in the channel; -1 when the whole document is unusable. */
  index: number;
  /** `EQ1077755`-style key when one could be read. */
  id?: string;
  reason: string;
}

export interface GdacsParseResult {
  alerts: TExternalAlertV1[];
  rejected: GdacsRejection[];
}

export interface GdacsParseOptions {
  /** Events already stored, by identifier (`EQ1077755`) → `sent` of the stored version. */
  previous?: ReadonlyMap<string, string>;
}

const SENDER = 'gdacs';

const HAZARDS: Record<string, { event: string; category: TExternalAlertV1['category'][number] }> = {
  EQ: { event: 'Earthquake', category: 'Geo' },
  TS: { event: 'Tsunami', category: 'Geo' },
  VO: { event: 'Volcanic eruption', category: 'Geo' },
  TC: { event: 'Tropical cyclone', category: 'Met' },
  FL: { event: 'Flood', category: 'Met' },
  DR: { event: 'Drought', category: 'Env' },
  WF: { event: 'Forest fire', category: 'Fire' },
};

const LEVEL_SEVERITY: Record<string, TExternalAlertV1['severity']> = {
  green: 'Minor',
  orange: 'Severe',
  red: 'Extreme',
};

/** GDACS alert level (any case) → CAP severity. */
export function severityFromAlertLevel(level: string | undefined): TExternalAlertV1['severity'] {
  return (level && LEVEL_SEVERITY[level.trim().toLowerCase()]) || 'Unknown';
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'item',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes the predefined XML entities and numeric references; anything else is left as is. */
export function decodeXmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref === 'amp') return '&';
    if (ref === 'lt') return '<';
    if (ref === 'gt') return '>';
    if (ref === 'quot') return '"';
    if (ref === 'apos') return "'";
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Text content of an element (plain string or `#text` of an element with attributes), decoded. */
function text(v: unknown): string | undefined {
  const raw = isNode(v) ? v['#text'] : Array.isArray(v) ? text(v[0]) : v;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const s = decodeXmlText(String(raw)).replace(/\r\n?/g, '\n').trim();
  return s === '' ? undefined : s;
}

function attr(v: unknown, name: string): string | undefined {
  const node = Array.isArray(v) ? v[0] : v;
  if (!isNode(node)) return undefined;
  const raw = node[`@_${name}`];
  return typeof raw === 'string' && raw.trim() !== '' ? decodeXmlText(raw).trim() : undefined;
}

const oneLine = (v: string, max: number): string =>
  clipText(sanitizeText(v.replace(/\s+/g, ' '), false), max);

/** RFC-822 date (`Sun, 29 Dec 2019 12:00:00 GMT`) → ISO-8601 UTC, or undefined. */
export function rfc822ToIso(v: string | undefined): string | undefined {
  if (!v || !/\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const inRange = (lon: number, lat: number): boolean =>
  Number.isFinite(lon) && Number.isFinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;

function numbers(s: string | undefined): number[] {
  return s
    ? s
        .trim()
        .split(/[\s,]+/)
        .map(Number)
    : [];
}

/** Reads `EQ` + `1077755` from the item fields, the guid or the report link. */
function eventKey(item: Node): { type: string; id: string } | undefined {
  const type = text(item['gdacs:eventtype'])?.toUpperCase();
  const id = text(item['gdacs:eventid']);
  if (type && id && /^[A-Z]{2}$/.test(type) && /^\d+$/.test(id)) return { type, id };
  const guid = /^([A-Za-z]{2})(\d+)$/.exec(text(item.guid) ?? '');
  if (guid) return { type: guid[1]!.toUpperCase(), id: guid[2]! };
  const link = text(item.link) ?? '';
  const t = /[?&]eventtype=([A-Za-z]{2})\b/.exec(link);
  const i = /[?&]eventid=(\d+)\b/.exec(link);
  if (t && i) return { type: t[1]!.toUpperCase(), id: i[1]! };
  return undefined;
}

interface Mapped {
  alert: TExternalAlertV1;
  index: number;
}

/** Parses a GDACS RSS document (text, with or without a UTF-8 BOM). */
export function parseGdacsRss(xml: unknown, options: GdacsParseOptions = {}): GdacsParseResult {
  const rejected: GdacsRejection[] = [];
  if (typeof xml !== 'string') {
    return { alerts: [], rejected: [{ index: -1, reason: 'Expected the RSS document as text' }] };
  }
  let doc: unknown;
  try {
    doc = parser.parse(xml.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { alerts: [], rejected: [{ index: -1, reason: `Not well-formed XML: ${oneLine(detail, 300)}` }] };
  }
  const channel = isNode(doc) && isNode(doc.rss) ? doc.rss.channel : undefined;
  if (!isNode(channel)) {
    return { alerts: [], rejected: [{ index: -1, reason: 'Not an RSS 2.0 document: no <rss><channel>' }] };
  }
  const items = Array.isArray(channel.item) ? (channel.item as unknown[]) : [];

  const byKey = new Map<string, Mapped[]>();
  items.forEach((item, index) => {
    const result = mapItem(item, index);
    if ('reason' in result) rejected.push(result);
    else {
      const list = byKey.get(result.identifier) ?? [];
      list.push({ alert: result, index });
      byKey.set(result.identifier, list);
    }
  });

  const kept: Mapped[] = [];
  for (const [key, list] of byKey) {
    // Newest episode last: by numeric episode id, then by sent time.
    list.sort(
      (a, b) => episodeOrder(a.alert) - episodeOrder(b.alert) || a.alert.sent.localeCompare(b.alert.sent),
    );
    const newest = list[list.length - 1]!;
    for (const other of list.slice(0, -1)) {
      const same = other.alert.episode === newest.alert.episode;
      rejected.push({
        index: other.index,
        id: key,
        reason: same
          ? `Duplicate of item ${newest.index} (same event and episode ${other.alert.episode ?? '?'})`
          : `Superseded by episode ${newest.alert.episode ?? '?'} of the same event (item ${newest.index})`,
      });
    }
    const earlier = [...list]
      .reverse()
      .find((m) => m.alert.episode !== newest.alert.episode || m.alert.sent !== newest.alert.sent);
    const previousSent = options.previous?.get(key) ?? earlier?.alert.sent;
    if (previousSent !== undefined) {
      newest.alert = {
        ...newest.alert,
        msgType: 'Update',
        references: [{ sender: SENDER, identifier: key, sent: previousSent }],
      };
    }
    kept.push(newest);
  }
  kept.sort((a, b) => a.index - b.index);
  rejected.sort((a, b) => a.index - b.index);
  return { alerts: kept.map((m) => m.alert), rejected };
}

function episodeOrder(a: TExternalAlertV1): number {
  const n = Number(a.episode);
  return Number.isFinite(n) ? n : -1;
}

function mapItem(item: unknown, index: number): TExternalAlertV1 | GdacsRejection {
  if (!isNode(item)) return { index, reason: 'Empty <item>' };
  const key = eventKey(item);
  if (!key) return { index, reason: 'No event type and id (gdacs:eventtype/eventid, guid or link)' };
  const identifier = `${key.type}${key.id}`;
  const reject = (reason: string): GdacsRejection => ({ index, id: identifier, reason });

  const pubDate = text(item.pubDate);
  const fromDate = text(item['gdacs:fromdate']);
  const toDate = text(item['gdacs:todate']);
  const sent = rfc822ToIso(pubDate) ?? rfc822ToIso(fromDate);
  if (!sent) return reject(`No usable pubDate or gdacs:fromdate (RFC-822 expected, got "${pubDate ?? ''}")`);
  const onset = rfc822ToIso(fromDate);

  // Place: georss:point "lat lon", else geo:Point, else bbox "lonmin lonmax latmin latmax".
  let center: { lon: number; lat: number } | undefined;
  const georss = numbers(text(item['georss:point']));
  const geo = isNode(item['geo:Point']) ? item['geo:Point'] : undefined;
  if (georss.length === 2) center = { lat: georss[0]!, lon: georss[1]! };
  else if (geo) center = { lat: Number(text(geo['geo:lat'])), lon: Number(text(geo['geo:long'])) };
  if (center && !inRange(center.lon, center.lat)) {
    return reject(`Point out of range: lat ${center.lat}, lon ${center.lon}`);
  }
  let polygon: NonNullable<TAlertArea['polygons']>[number] | undefined;
  const bboxText = text(item['gdacs:bbox']);
  if (bboxText) {
    const [west, east, south, north] = numbers(bboxText);
    if (
      west === undefined ||
      east === undefined ||
      south === undefined ||
      north === undefined ||
      !inRange(west, south) ||
      !inRange(east, north) ||
      south > north
    ) {
      if (!center)
        return reject(`Unusable gdacs:bbox "${oneLine(bboxText, 100)}" (lonmin lonmax latmin latmax)`);
    } else {
      polygon = {
        type: 'Polygon',
        coordinates: [
          [
            [west, south],
            [east, south],
            [east, north],
            [west, north],
            [west, south],
          ],
        ],
      };
    }
  }
  if (!center && !polygon) return reject('No position: neither georss:point, geo:Point nor gdacs:bbox');

  const level = text(item['gdacs:alertlevel']) ?? text(item['gdacs:episodealertlevel']);
  const hazard = HAZARDS[key.type];
  const iscurrent = text(item['gdacs:iscurrent'])?.toLowerCase();
  const country = text(item['gdacs:country']);
  const iso3 = text(item['gdacs:iso3'])?.toUpperCase();
  const eventName = text(item['gdacs:eventname']);
  const title = text(item.title);
  const link = text(item.link);
  const web = link && ZHttpUrl.safeParse(link).success ? link : undefined;

  const parameters: TNamedValue[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') parameters.push({ name, value: oneLine(value, 512) });
  };
  add('eventtype', key.type);
  add('eventid', key.id);
  add('alertlevel', level?.toLowerCase());
  add('alertscore', text(item['gdacs:alertscore']));
  add('episodealertlevel', text(item['gdacs:episodealertlevel'])?.toLowerCase());
  add('episodealertscore', text(item['gdacs:episodealertscore']));
  add('severityValue', attr(item['gdacs:severity'], 'value'));
  add('severityUnit', attr(item['gdacs:severity'], 'unit'));
  add('severityText', text(item['gdacs:severity']));
  add('populationValue', attr(item['gdacs:population'], 'value'));
  add('populationUnit', attr(item['gdacs:population'], 'unit'));
  add('populationText', text(item['gdacs:population']));
  add('vulnerability', attr(item['gdacs:vulnerability'], 'value'));
  add('country', country);
  add('iso3', iso3 && /^[A-Z]{3}$/.test(iso3) ? iso3 : undefined);
  add('eventname', eventName);
  add('fromdate', onset);
  add('todate', rfc822ToIso(toDate));
  add('iscurrent', iscurrent);
  add('temporary', text(item['gdacs:temporary'])?.toLowerCase());
  add('cap', text(item['gdacs:cap']));

  const area: TAlertArea = {
    description: oneLine(country ?? eventName ?? title ?? identifier, 2_000),
    ...(center ? { circles: [{ center, radiusKm: 0 }] } : {}),
    ...(polygon ? { polygons: [polygon] } : {}),
    ...(iso3 && /^[A-Z]{3}$/.test(iso3) ? { geocodes: [{ name: 'iso3', value: iso3 }] } : {}),
  };
  const description = text(item.description);
  const candidate: TExternalAlertV1 = {
    format: 'gdacs_rss',
    sender: SENDER,
    identifier,
    sent,
    status: 'Actual',
    msgType: 'Alert',
    ...(text(item['gdacs:episodeid']) ? { episode: oneLine(text(item['gdacs:episodeid'])!, 64) } : {}),
    language: 'en',
    category: [hazard?.category ?? 'Other'],
    event: hazard?.event ?? `GDACS ${key.type}`,
    urgency: iscurrent === 'false' ? 'Past' : iscurrent === 'true' ? 'Immediate' : 'Unknown',
    severity: severityFromAlertLevel(level),
    certainty: key.type === 'EQ' ? 'Observed' : 'Likely',
    senderName: 'GDACS',
    ...(title ? { headline: oneLine(title, 512) } : {}),
    ...(description ? { description: clipText(sanitizeText(description, true), 16_000) } : {}),
    effective: sent,
    ...(onset ? { onset } : {}),
    ...(web ? { web } : {}),
    parameters,
    areas: [area],
  };
  const checked = ZExternalAlertV1.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return reject(`Does not fit the alert contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  return checked.data;
}
