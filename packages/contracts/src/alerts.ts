// raw.alerts: external alerts normalised from OASIS CAP 1.1/1.2, USGS earthquake GeoJSON and GDACS RSS.
// Field names and enumerations follow CAP (and keep CAP's spelling: `Alert`, `Severe`, `Immediate`);
// one CAP <info> block is kept per event (the one in the preferred language). Coordinates are already
// swapped to [lon, lat] and polygon rings closed by ingest.
import { z } from 'zod';
import { envelopeOf } from './envelope';
import {
  ZHttpUrl,
  ZIsoDateTime,
  ZLanguageTag,
  ZLonLat,
  ZPolygon,
  boundedId,
  boundedLine,
  boundedText,
} from './primitives';

export const ZAlertFormat = z.enum(['cap', 'usgs_geojson', 'gdacs_rss']);
export const ZCapStatus = z.enum(['Actual', 'Exercise', 'System', 'Test', 'Draft']);
export const ZCapMsgType = z.enum(['Alert', 'Update', 'Cancel', 'Ack', 'Error']);
export const ZCapScope = z.enum(['Public', 'Restricted', 'Private']);
export const ZCapCategory = z.enum([
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
]);
export const ZCapResponseType = z.enum([
  'Shelter',
  'Evacuate',
  'Prepare',
  'Execute',
  'Avoid',
  'Monitor',
  'Assess',
  'AllClear',
  'None',
]);
export const ZCapUrgency = z.enum(['Immediate', 'Expected', 'Future', 'Past', 'Unknown']);
export const ZCapSeverity = z.enum(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']);
export const ZCapCertainty = z.enum(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown']);

/** CAP sender and identifier: no spaces, commas, `<` or `&`. */
const ZCapToken = boundedId(256);

/** One earlier message this one updates or cancels (a CAP `references` triplet). */
export const ZAlertReference = z.object({ sender: ZCapToken, identifier: ZCapToken, sent: ZIsoDateTime });
export type TAlertReference = z.infer<typeof ZAlertReference>;

/** A CAP `valueName`/`value` pair (geocodes, parameters, event codes). */
export const ZNamedValue = z.object({ name: boundedLine(64, 1), value: boundedLine(512) });
export type TNamedValue = z.infer<typeof ZNamedValue>;

/** CAP `circle`: centre and radius in km; radius 0 means a point (USGS earthquake CAP). */
export const ZAlertCircle = z.object({ center: ZLonLat, radiusKm: z.number().min(0).max(20_000) });
export type TAlertCircle = z.infer<typeof ZAlertCircle>;

/** A CAP `area`: polygons, circles and/or geocodes; an area may hold only geocodes. */
export const ZAlertArea = z
  .object({
    description: boundedText(2_000, 1),
    polygons: z.array(ZPolygon).max(100).optional(),
    circles: z.array(ZAlertCircle).max(100).optional(),
    geocodes: z.array(ZNamedValue).max(500).optional(),
    /** CAP altitude and ceiling, in feet above mean sea level. */
    altitudeFt: z.number().optional(),
    ceilingFt: z.number().optional(),
  })
  .refine((a) => a.ceilingFt === undefined || (a.altitudeFt !== undefined && a.ceilingFt >= a.altitudeFt), {
    error: 'ceilingFt requires altitudeFt and must be >= it',
    path: ['ceilingFt'],
  });
export type TAlertArea = z.infer<typeof ZAlertArea>;

/** The same alert in another language (a further CAP `<info>` block), for display only. */
export const ZAlertTranslation = z.object({
  language: ZLanguageTag,
  event: boundedLine(256).optional(),
  headline: boundedLine(512).optional(),
  description: boundedText(16_000).optional(),
  instruction: boundedText(8_000).optional(),
});
export type TAlertTranslation = z.infer<typeof ZAlertTranslation>;

export const ZExternalAlertV1 = z
  .object({
    format: ZAlertFormat,
    /** CAP `sender` (USGS: `usgs`, GDACS: `gdacs`). With `identifier`, the key. */
    sender: ZCapToken,
    /** CAP `identifier` (USGS: event id, GDACS: eventtype + eventid, e.g. `EQ1012728`). */
    identifier: ZCapToken,
    sent: ZIsoDateTime,
    status: ZCapStatus,
    msgType: ZCapMsgType,
    scope: ZCapScope.optional(),
    references: z.array(ZAlertReference).max(200).optional(),
    /** Episode of a GDACS event, or a feed's own revision number. */
    episode: boundedId(64).optional(),
    language: ZLanguageTag.optional(),
    category: z.array(ZCapCategory).min(1).max(12),
    event: boundedLine(256, 1),
    responseType: z.array(ZCapResponseType).max(9).optional(),
    urgency: ZCapUrgency,
    severity: ZCapSeverity,
    certainty: ZCapCertainty,
    senderName: boundedLine(256).optional(),
    headline: boundedLine(512).optional(),
    description: boundedText(16_000).optional(),
    instruction: boundedText(8_000).optional(),
    effective: ZIsoDateTime.optional(),
    onset: ZIsoDateTime.optional(),
    expires: ZIsoDateTime.optional(),
    web: ZHttpUrl.optional(),
    /** CAP parameters and event codes; USGS `mag`, `depth`, `alert`; GDACS `alertscore`, `iso3`… */
    parameters: z.array(ZNamedValue).max(200).optional(),
    areas: z.array(ZAlertArea).max(100),
    /** Other `<info>` blocks of a CAP alert in other languages (added compatibly: optional). */
    translations: z.array(ZAlertTranslation).max(20).optional(),
  })
  .meta({ description: 'External alert (CAP / USGS / GDACS) normalised, v1' });
export type TExternalAlertV1 = z.infer<typeof ZExternalAlertV1>;

export const ZExternalAlertEventV1 = envelopeOf('external_alert', 1, ZExternalAlertV1);
export type TExternalAlertEventV1 = z.infer<typeof ZExternalAlertEventV1>;
