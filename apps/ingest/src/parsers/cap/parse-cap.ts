/**
 * OASIS CAP 1.2, 1.1 (and 1.0) documents mapped to `TExternalAlertV1`. Pure: never throws; every alert
 * found becomes an alert or a rejection with a reason a person can act on, and what was repaired is
 * reported as a warning.
 *
 * Accepted shapes: one `<alert>` (default namespace or any prefix: elements are matched by local name),
 * non-standard wrappers holding several alerts (SMHI's `<alerts>`, alerts inside Atom entries), and
 * Atom/RSS index feeds whose entries only point to full CAP documents (their URLs are returned in
 * `links` for the caller to fetch).
 *
 * Mapping notes:
 * - One `<info>` block is kept per alert: the first in a preferred language (`preferredLanguages`,
 *   matched by prefix, default English then French), else the first; the blocks in other languages are
 *   kept as `translations`. Areas come from the kept block (or the first block that has any), so the
 *   same area written once per language is not counted twice.
 * - Polygons "lat,lon …" and circles "lat,lon radius_km" become [lon, lat]; rings are closed; a pair
 *   written lon,lat is swapped back when unambiguous, with a warning. Out-of-range coordinates reject
 *   the alert.
 * - Times: `Z`, fractions and `-00:00` are all read; stored as UTC ISO-8601.
 * - `references` triplets "sender,identifier,sent" link Update/Cancel to earlier messages.
 * - An alert whose areas have no geometry but an `EventLatLon` parameter (tsunami centres) gets that
 *   point as a circle of radius 0.
 * - An alert without `<info>` is kept only for `Cancel` (nothing else to show); its info fields are
 *   `Unknown`/`Other`.
 * - Text is freed of control characters; text carrying active markup (`<script>`, event handlers…)
 *   rejects the alert, as reports are refused at the door.
 * - XML entities are never expanded: a DOCTYPE declaring entities or an external DTD rejects the whole
 *   document; only the five predefined entities and numeric references are decoded.
 */
import {
  ZAlertReference,
  ZCapCategory,
  ZCapCertainty,
  ZCapMsgType,
  ZCapResponseType,
  ZCapScope,
  ZCapSeverity,
  ZCapStatus,
  ZCapUrgency,
  ZExternalAlertV1,
} from '@vigie/contracts/alerts';
import type {
  TAlertArea,
  TAlertReference,
  TAlertTranslation,
  TExternalAlertV1,
  TNamedValue,
} from '@vigie/contracts/alerts';
import { ID_PATTERN, ZHttpUrl, ZLanguageTag, clipText, sanitizeText } from '@vigie/contracts/primitives';
import { hostileMarkupIn } from '@vigie/domain/detect-markup';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseCapCircle, parseCapPolygon } from './cap-geometry';
import { parseCapTime } from './cap-time';
import { decodeXmlBytes, unsafeXmlReason } from './decode-xml-bytes';

export interface CapIssue {
  /** Index of the alert in the document (0 for a single alert); -1 for the whole document. */
  index: number;
  /** `sender,identifier` when they could be read. */
  id?: string;
  reason: string;
}

export type CapVersion = '1.0' | '1.1' | '1.2';

export interface CapParseResult {
  version?: CapVersion;
  alerts: TExternalAlertV1[];
  rejected: CapIssue[];
  warnings: CapIssue[];
  /** Full CAP documents an Atom/RSS index feed points to (absolute http(s) URLs). */
  links: string[];
}

export interface CapParseOptions {
  /** Language prefixes in order of preference (default `['en', 'fr']`). */
  preferredLanguages?: readonly string[];
  /** Most alerts read from one document; the rest are rejected (default 500). */
  maxAlerts?: number;
  /** Most index links returned (default 200). */
  maxLinks?: number;
}

const ARRAY_TAGS = new Set([
  'alert',
  'info',
  'area',
  'polygon',
  'circle',
  'geocode',
  'parameter',
  'eventCode',
  'category',
  'responseType',
  'valueName',
  'value',
  'entry',
  'item',
  'link',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignorePiTags: true,
  isArray: (name: string) => ARRAY_TAGS.has(name),
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Decodes the predefined XML entities and numeric references; anything else is left as is. */
function decodeXmlText(s: string): string {
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

/** Text content of an element, decoded, CRLF → LF, trimmed; undefined when empty. */
function text(v: unknown): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  const raw = isNode(first) ? first['#text'] : first;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const s = decodeXmlText(String(raw)).replace(/\r\n?/g, '\n').trim();
  return s === '' ? undefined : s;
}

const oneLine = (v: string, max: number): string =>
  clipText(sanitizeText(v.replace(/\s+/g, ' ').trim(), false), max);
const multiLine = (v: string, max: number): string => clipText(sanitizeText(v, true), max);

function detectVersion(doc: string): CapVersion | undefined {
  const match = /urn:oasis:names:tc:emergency:cap:1\.([0-2])|http:\/\/www\.incident\.com\/cap\/1\.0/.exec(
    doc,
  );
  if (!match) return undefined;
  return match[1] === undefined ? '1.0' : (`1.${match[1]}` as CapVersion);
}

/** Every `<alert>` element in the tree (not inside another alert), at most `max`, depth-bounded. */
function findAlerts(node: unknown, out: Node[], depth = 0): void {
  if (!isNode(node) || depth > 8) return;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text') continue;
    for (const child of list(value)) {
      if (key === 'alert' && isNode(child)) out.push(child);
      else findAlerts(child, out, depth + 1);
    }
  }
}

/** URLs of the entries of an Atom feed or the items of an RSS channel (index feeds). */
function indexLinks(doc: Node, max: number): string[] {
  const links: string[] = [];
  const add = (raw: string | undefined): void => {
    if (raw && links.length < max && ZHttpUrl.safeParse(raw).success && !links.includes(raw)) links.push(raw);
  };
  const feed = doc.feed;
  if (isNode(feed)) {
    for (const entry of list(feed.entry)) {
      if (!isNode(entry)) continue;
      const candidates = list(entry.link).filter(isNode);
      const cap =
        candidates.find((l) => /cap/i.test(String(l['@_type'] ?? ''))) ??
        candidates.find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate');
      const href = cap?.['@_href'];
      add(typeof href === 'string' ? decodeXmlText(href.trim()) : text(entry.id));
    }
  }
  const channel = isNode(doc.rss) ? doc.rss.channel : undefined;
  if (isNode(channel)) {
    for (const item of list(channel.item)) if (isNode(item)) add(text(item.link) ?? text(item.guid));
  }
  return links;
}

/** Parses a CAP document (bytes as received, or text). */
export function parseCap(input: Uint8Array | string, options: CapParseOptions = {}): CapParseResult {
  const result: CapParseResult = { alerts: [], rejected: [], warnings: [], links: [] };
  const whole = (reason: string): CapParseResult => ({ ...result, rejected: [{ index: -1, reason }] });

  const decoded = decodeXmlBytes(input);
  if (!decoded.ok) return whole(decoded.reason);
  const unsafe = unsafeXmlReason(decoded.text);
  if (unsafe) return whole(unsafe);
  if (!/^\s*</.test(decoded.text)) return whole('Not an XML document: CAP alerts are XML');

  // The parser forgives mismatched tags; the validator does not.
  const valid = XMLValidator.validate(decoded.text);
  if (valid !== true) {
    return whole(`Not well-formed XML: ${oneLine(valid.err.msg, 300)} (line ${valid.err.line})`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(decoded.text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return whole(`Not well-formed XML: ${oneLine(detail, 300)}`);
  }
  if (!isNode(doc)) return whole('Empty XML document');
  const version = detectVersion(decoded.text);
  if (version) result.version = version;

  const found: Node[] = [];
  findAlerts(doc, found);
  result.links = found.length === 0 ? indexLinks(doc, options.maxLinks ?? 200) : [];
  if (found.length === 0 && result.links.length === 0) {
    const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '?';
    return whole(
      `No CAP <alert> element and no index entries found (root element <${root}>); expected a CAP 1.1/1.2 alert (namespace urn:oasis:names:tc:emergency:cap:1.2) or an Atom/RSS feed of alerts`,
    );
  }
  const maxAlerts = options.maxAlerts ?? 500;
  found.forEach((node, index) => {
    if (index >= maxAlerts) {
      result.rejected.push({ index, reason: `More than ${maxAlerts} alerts in one document; split it` });
      return;
    }
    const mapped = mapAlert(node, index, options.preferredLanguages ?? ['en', 'fr']);
    result.warnings.push(...mapped.warnings);
    if ('reason' in mapped.outcome) result.rejected.push(mapped.outcome);
    else result.alerts.push(mapped.outcome);
  });
  return result;
}

interface Mapped {
  outcome: TExternalAlertV1 | CapIssue;
  warnings: CapIssue[];
}

function enumValue<T extends string>(values: readonly T[], raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  const lower = raw.trim().toLowerCase().replace(/\s+/g, '');
  return values.find((v) => v.toLowerCase() === lower);
}

function namedValues(nodes: unknown, max: number): TNamedValue[] {
  const out: TNamedValue[] = [];
  for (const node of list(nodes)) {
    if (!isNode(node)) continue;
    // Usually one valueName/value per element; the old NWS index repeats pairs inside one element.
    const names = list(node.valueName);
    const values = list(node.value);
    names.forEach((n, i) => {
      const name = text(n);
      if (name === undefined || out.length >= max) return;
      out.push({ name: oneLine(name, 64), value: oneLine(text(values[i]) ?? '', 512) });
    });
  }
  return out;
}

function languageOf(info: Node): string {
  const raw = text(info.language);
  return raw !== undefined && ZLanguageTag.safeParse(raw).success ? raw : 'en-US';
}

function chooseInfo(infos: Node[], preferred: readonly string[]): number {
  for (const prefix of preferred) {
    const at = infos.findIndex((info) => languageOf(info).toLowerCase().startsWith(prefix.toLowerCase()));
    if (at >= 0) return at;
  }
  return 0;
}

function mapAlert(node: Node, index: number, preferred: readonly string[]): Mapped {
  const warnings: CapIssue[] = [];
  const senderText = text(node.sender);
  const identifierText = text(node.identifier);
  const id = senderText && identifierText ? oneLine(`${senderText},${identifierText}`, 300) : undefined;
  const reject = (reason: string): Mapped => ({
    outcome: { index, ...(id ? { id } : {}), reason },
    warnings,
  });
  const warn = (reason: string): void => void warnings.push({ index, ...(id ? { id } : {}), reason });

  if (!identifierText) return reject('Missing <identifier>');
  if (!senderText) return reject('Missing <sender>');
  for (const [field, value] of [
    ['identifier', identifierText],
    ['sender', senderText],
  ] as const) {
    if (value.length > 256 || !ID_PATTERN.test(value)) {
      return reject(
        `<${field}> "${oneLine(value, 80)}" is not usable: CAP forbids spaces, commas, "<" and "&" in it (at most 256 characters)`,
      );
    }
  }
  const sentText = text(node.sent);
  const sent = parseCapTime(sentText);
  if (!sent) {
    return reject(
      `<sent> "${oneLine(sentText ?? '', 60)}" is not a date-time with an offset (e.g. 2021-08-14T08:29:00-04:00)`,
    );
  }
  const status = enumValue(ZCapStatus.options, text(node.status));
  if (!status) return reject(`<status> "${oneLine(text(node.status) ?? '', 40)}" is not a CAP status`);
  const msgType = enumValue(ZCapMsgType.options, text(node.msgType));
  if (!msgType)
    return reject(`<msgType> "${oneLine(text(node.msgType) ?? '', 40)}" is not a CAP message type`);
  const scopeText = text(node.scope);
  const scope = enumValue(ZCapScope.options, scopeText);
  if (scopeText && !scope) warn(`<scope> "${oneLine(scopeText, 40)}" is not a CAP scope; ignored`);

  const references: TAlertReference[] = [];
  for (const triplet of (text(node.references) ?? '').split(/\s+/).filter(Boolean)) {
    const [rs, ri, rt, ...rest] = triplet.split(',');
    const reference = { sender: rs ?? '', identifier: ri ?? '', sent: parseCapTime(rt) ?? '' };
    if (rest.length === 0 && ZAlertReference.safeParse(reference).success) references.push(reference);
    else warn(`Reference "${oneLine(triplet, 120)}" is not "sender,identifier,sent"; ignored`);
  }
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0) {
    warn(`${msgType} without usable <references>: it cannot be linked to the alert it replaces`);
  }

  const infos = list(node.info).filter(isNode);
  if (infos.length === 0 && msgType !== 'Cancel') {
    return reject('No <info> block: the alert says nothing to show (only a Cancel may omit it)');
  }
  const chosenAt = chooseInfo(infos, preferred);
  const info: Node = infos[chosenAt] ?? {};
  const language = infos.length > 0 ? languageOf(info) : undefined;

  const categories = [
    ...new Set(
      list(info.category)
        .map((c) => enumValue(ZCapCategory.options, text(c)))
        .filter((c): c is NonNullable<typeof c> => c !== undefined),
    ),
  ];
  if (categories.length === 0) {
    if (infos.length > 0) warn('No valid <category>; "Other" used');
    categories.push('Other');
  }
  const fieldOr = <T extends string>(values: readonly T[], field: string, fallback: T): T => {
    const raw = text(info[field]);
    const value = enumValue(values, raw === 'Very Likely' ? 'Likely' : raw);
    if (!value && infos.length > 0)
      warn(`<${field}> "${oneLine(raw ?? '', 40)}" is not a CAP value; "${fallback}" used`);
    return value ?? fallback;
  };
  const urgency = fieldOr(ZCapUrgency.options, 'urgency', 'Unknown');
  const severity = fieldOr(ZCapSeverity.options, 'severity', 'Unknown');
  const certainty = fieldOr(ZCapCertainty.options, 'certainty', 'Unknown');
  const responseType = [
    ...new Set(
      list(info.responseType)
        .map((c) => enumValue(ZCapResponseType.options, text(c)))
        .filter((c): c is NonNullable<typeof c> => c !== undefined),
    ),
  ];

  const headline = text(info.headline);
  const eventText = text(info.event) ?? headline ?? (msgType === 'Cancel' ? 'Cancelled alert' : undefined);
  if (!eventText) return reject('The <info> block has no <event> and no <headline>');

  // Active markup anywhere a person will read it rejects the alert.
  const readable: [string, string | undefined][] = [
    ['event', eventText],
    ['headline', headline],
    ['description', text(info.description)],
    ['instruction', text(info.instruction)],
    ['senderName', text(info.senderName)],
    ...list(info.area)
      .filter(isNode)
      .map((a): [string, string | undefined] => ['areaDesc', text(a.areaDesc)]),
  ];
  for (const [field, value] of readable) {
    const hostile = value === undefined ? null : hostileMarkupIn(value);
    if (hostile) return reject(`<${field}> ${hostile}; markup is refused in alert text`);
  }

  const optionalTime = (field: string): string | undefined => {
    const raw = text(info[field]);
    if (raw === undefined) return undefined;
    const parsed = parseCapTime(raw);
    if (!parsed) warn(`<${field}> "${oneLine(raw, 60)}" is not a date-time with an offset; ignored`);
    return parsed;
  };

  const areaSource = list(info.area).some(isNode)
    ? info
    : (infos.find((i) => list(i.area).some(isNode)) ?? info);
  const areas: TAlertArea[] = [];
  let swapped = 0;
  for (const [areaIndex, area] of list(areaSource.area).filter(isNode).entries()) {
    const where = `area ${areaIndex + 1}`;
    const polygons: NonNullable<TAlertArea['polygons']> = [];
    for (const p of list(area.polygon)) {
      const parsed = parseCapPolygon(text(p) ?? '');
      if (parsed.ok === 'empty') continue;
      if (parsed.ok === false) return reject(`${where}: ${parsed.reason}`);
      if (parsed.swapped) swapped++;
      polygons.push(parsed.value);
    }
    const circles: NonNullable<TAlertArea['circles']> = [];
    for (const c of list(area.circle)) {
      const parsed = parseCapCircle(text(c) ?? '');
      if (parsed.ok === 'empty') continue;
      if (parsed.ok === false) return reject(`${where}: ${parsed.reason}`);
      if (parsed.swapped) swapped++;
      circles.push(parsed.value);
    }
    const geocodes = namedValues(area.geocode, 500);
    const altitude = Number(text(area.altitude));
    const ceiling = Number(text(area.ceiling));
    const mapped: TAlertArea = {
      description: oneLine(text(area.areaDesc) ?? 'Unnamed area', 2_000),
      ...(polygons.length > 0 ? { polygons: polygons.slice(0, 100) } : {}),
      ...(circles.length > 0 ? { circles: circles.slice(0, 100) } : {}),
      ...(geocodes.length > 0 ? { geocodes } : {}),
      ...(text(area.altitude) !== undefined && Number.isFinite(altitude) ? { altitudeFt: altitude } : {}),
    };
    if (text(area.ceiling) !== undefined && Number.isFinite(ceiling) && mapped.altitudeFt !== undefined) {
      if (ceiling >= mapped.altitudeFt) mapped.ceilingFt = ceiling;
    }
    if (!text(area.areaDesc)) warn(`${where} has no <areaDesc>`);
    if (areas.length < 100) areas.push(mapped);
  }
  // Tsunami centres publish the epicentre only as a parameter: "EventLatLon" = "51.800,-171.400 0.000".
  const eventLatLon = namedValues(info.parameter, 150).find((p) => p.name === 'EventLatLon')?.value;
  if (eventLatLon && !areas.some((a) => a.polygons || a.circles)) {
    const parsed = parseCapCircle(eventLatLon);
    if (parsed.ok === true) {
      if (parsed.swapped) swapped++;
      areas.push({ description: 'Event location (EventLatLon)', circles: [parsed.value] });
    } else if (parsed.ok === false) warn(`EventLatLon parameter: ${parsed.reason}; ignored`);
  }
  if (swapped > 0) {
    warn(`${swapped} polygon(s)/circle(s) were written lon,lat instead of CAP's lat,lon; swapped back`);
  }

  const translations: TAlertTranslation[] = [];
  infos.forEach((other, i) => {
    const lang = languageOf(other);
    if (i === chosenAt || lang === language || translations.some((t) => t.language === lang)) return;
    const t: TAlertTranslation = { language: lang };
    const ev = text(other.event);
    const hl = text(other.headline);
    const de = text(other.description);
    const ins = text(other.instruction);
    for (const [field, value] of [
      ['event', ev],
      ['headline', hl],
      ['description', de],
      ['instruction', ins],
    ] as const) {
      const hostile = value === undefined ? null : hostileMarkupIn(value);
      if (hostile) {
        warn(`<${field}> of the ${lang} block ${hostile}; that translation is left out`);
        return;
      }
    }
    if (ev) t.event = oneLine(ev, 256);
    if (hl) t.headline = oneLine(hl, 512);
    if (de) t.description = multiLine(de, 16_000);
    if (ins) t.instruction = multiLine(ins, 8_000);
    if (translations.length < 20) translations.push(t);
  });

  const webText = text(info.web);
  const web = webText && ZHttpUrl.safeParse(webText).success ? webText : undefined;
  const parameters = [
    ...namedValues(info.parameter, 150),
    ...namedValues(info.eventCode, 50).map((p) => ({ ...p, name: oneLine(`eventCode:${p.name}`, 64) })),
  ];
  const description = text(info.description);
  const instruction = text(info.instruction);
  const senderName = text(info.senderName);
  const effective = optionalTime('effective');
  const onset = optionalTime('onset');
  const expires = optionalTime('expires');

  const alert: TExternalAlertV1 = {
    format: 'cap',
    sender: senderText,
    identifier: identifierText,
    sent,
    status,
    msgType,
    ...(scope ? { scope } : {}),
    ...(references.length > 0 ? { references: references.slice(0, 200) } : {}),
    ...(language ? { language } : {}),
    category: categories,
    event: oneLine(eventText, 256),
    ...(responseType.length > 0 ? { responseType } : {}),
    urgency,
    severity,
    certainty,
    ...(senderName ? { senderName: oneLine(senderName, 256) } : {}),
    ...(headline ? { headline: oneLine(headline, 512) } : {}),
    ...(description ? { description: multiLine(description, 16_000) } : {}),
    ...(instruction ? { instruction: multiLine(instruction, 8_000) } : {}),
    ...(effective ? { effective } : {}),
    ...(onset ? { onset } : {}),
    ...(expires ? { expires } : {}),
    ...(web ? { web } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    areas,
    ...(translations.length > 0 ? { translations } : {}),
  };
  const checked = ZExternalAlertV1.safeParse(alert);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return reject(
      `Does not fit the alert contract: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  return { outcome: checked.data, warnings };
}
