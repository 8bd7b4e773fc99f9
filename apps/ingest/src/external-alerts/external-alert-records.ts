/**
 * Log records for external alerts, whatever brought them (a pushed CAP alert, an uploaded USGS/GDACS
 * file, a feed poll): each alert becomes a `raw.alerts` envelope, each rejection a dead letter with its
 * reason and the original document.
 *
 * Envelope ids derive from the source and the alert's version (sender, identifier, sent, episode): the
 * same version polled again, pushed again or imported twice gets the same id, and the processor's
 * deduplication drops the repeat.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { TExternalAlertV1 } from '@vigie/contracts/alerts';
import { parseTopicMessage, topics } from '@vigie/contracts/topics';
import { contentEventId } from '../content-event-id';
import { deadLetterRecord } from '../dead-letter-record';

export interface AlertRejection {
  index: number;
  id?: string;
  reason: string;
}

export interface ExternalAlertRecordsInput {
  alerts: readonly TExternalAlertV1[];
  rejected: readonly AlertRejection[];
  /** Envelope source: the API key's source, or the feed's. */
  source: string;
  /** The document as received, kept in dead letters. */
  original: Uint8Array | string;
  receivedAt: Date;
  newId: () => string;
}

export interface ExternalAlertRecords {
  alerts: ProduceRecord[];
  deadLetters: ProduceRecord[];
  /** Alerts that did not fit the topic contract after all (moved to dead letters). */
  refused: AlertRejection[];
}

/** A representative point: the first circle's centre, else the middle of the first polygon's box. */
function geoOf(alert: TExternalAlertV1): { lon: number; lat: number } | undefined {
  for (const area of alert.areas) {
    const circle = area.circles?.[0];
    if (circle) return circle.center;
    const ring = area.polygons?.[0]?.coordinates[0];
    if (ring && ring.length > 0) {
      const lons = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      return {
        lon: (Math.min(...lons) + Math.max(...lons)) / 2,
        lat: (Math.min(...lats) + Math.max(...lats)) / 2,
      };
    }
  }
  return undefined;
}

export function externalAlertRecords(input: ExternalAlertRecordsInput): ExternalAlertRecords {
  const receivedMs = input.receivedAt.getTime();
  const receivedAt = input.receivedAt.toISOString();
  const out: ExternalAlertRecords = { alerts: [], deadLetters: [], refused: [] };
  const deadLetter = (reason: string, path = ''): ProduceRecord =>
    deadLetterRecord({
      originTopic: 'raw.alerts',
      code: 'VALIDATION_FAILED',
      issues: [{ path, message: reason }],
      original: input.original,
      source: input.source,
      failedAt: receivedAt,
      newId: input.newId,
    });

  input.alerts.forEach((alert, index) => {
    const version = [alert.format, alert.sender, alert.identifier, alert.sent, alert.episode ?? ''].join(
      '\n',
    );
    const geo = geoOf(alert);
    const envelope = {
      id: contentEventId(input.source, version, alert.sent, receivedMs),
      type: topics['raw.alerts'].type,
      v: topics['raw.alerts'].version,
      source: input.source,
      occurredAt: alert.sent,
      receivedAt,
      ...(geo ? { geo } : {}),
      payload: alert,
    };
    const parsed = parseTopicMessage('raw.alerts', envelope);
    if (parsed.ok) {
      out.alerts.push({ key: parsed.key, value: JSON.stringify(parsed.message) });
    } else {
      const reason = `Does not fit raw.alerts: ${parsed.summary}`;
      out.refused.push({ index, id: `${alert.sender},${alert.identifier}`, reason });
      out.deadLetters.push(deadLetter(reason));
    }
  });
  for (const rejection of input.rejected) {
    out.deadLetters.push(deadLetter(rejection.reason, rejection.index >= 0 ? `[${rejection.index}]` : ''));
  }
  return out;
}
