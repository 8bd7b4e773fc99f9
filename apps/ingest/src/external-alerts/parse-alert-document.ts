/**
 * One entry point for the external-alert formats ingest reads: CAP XML, USGS GeoJSON (or JSONP) and
 * GDACS RSS, from the bytes as received. Pure; never throws. XML formats are decoded by their
 * declaration and refused when a DOCTYPE declares entities or an external DTD.
 */
import type { TExternalAlertV1 } from '@vigie/contracts/alerts';
import { decodeXmlBytes, unsafeXmlReason } from '../parsers/cap/decode-xml-bytes';
import { parseCap } from '../parsers/cap/parse-cap';
import { parseGdacsRss } from '../parsers/gdacs/parse-gdacs-rss';
import { parseUsgsGeoJson } from '../parsers/usgs/parse-usgs-geojson';
import type { AlertRejection } from './external-alert-records';

export type AlertDocumentFormat = 'cap' | 'usgs' | 'gdacs';

export interface AlertDocument {
  alerts: TExternalAlertV1[];
  rejected: AlertRejection[];
  warnings: AlertRejection[];
  /** CAP index feeds: the alerts' own URLs, to be fetched. */
  links: string[];
}

export interface AlertDocumentOptions {
  /** Alerts already known, by identifier → `sent` of the known version (USGS and GDACS updates). */
  previous?: ReadonlyMap<string, string>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseAlertDocument(
  format: AlertDocumentFormat,
  bytes: Uint8Array,
  options: AlertDocumentOptions = {},
): AlertDocument {
  const empty: AlertDocument = { alerts: [], rejected: [], warnings: [], links: [] };
  const whole = (reason: string): AlertDocument => ({ ...empty, rejected: [{ index: -1, reason }] });
  if (format === 'cap') {
    const result = parseCap(bytes);
    return {
      alerts: result.alerts,
      rejected: result.rejected,
      warnings: result.warnings,
      links: result.links,
    };
  }
  if (format === 'usgs') {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return whole('The USGS feed is not UTF-8 text');
    }
    const result = parseUsgsGeoJson(text, options.previous ? { previous: options.previous } : {});
    return { ...empty, alerts: result.alerts, rejected: result.rejected };
  }
  const decoded = decodeXmlBytes(bytes);
  if (!decoded.ok) return whole(decoded.reason);
  const unsafe = unsafeXmlReason(decoded.text);
  if (unsafe) return whole(unsafe);
  const result = parseGdacsRss(decoded.text, options.previous ? { previous: options.previous } : {});
  return { ...empty, alerts: result.alerts, rejected: result.rejected };
}
