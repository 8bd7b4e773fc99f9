/**
 * Scenario builders for raw events, reading like the field: `aFix('truck-1').at(lon, lat)`,
 * `aReading('gauge-3').waterLevel(2.4)`, `aReport('sms-gw', 'm-1').saying('…')`. Each builds an
 * envelope as ingest would put it on the log (with a fresh ULID and `receivedAt`).
 */
import type { ProduceRecord } from '@vigie/bus/log';
import { newEventId } from '@vigie/contracts/envelope';
import type { TPositionEventV1, TPositionV1 } from '@vigie/contracts/positions';
import type { TReadingEventV1, TReadingV1 } from '@vigie/contracts/readings';
import type { TReportEventV1, TReportV1 } from '@vigie/contracts/reports';
import { topicKey } from '@vigie/contracts/topics';

export const T0 = Date.parse('2025-06-01T12:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

/** Port-au-Prince, Haiti. */
export const PAP = { lon: -72.335, lat: 18.539 };

export function positionEvent(
  assetId: string,
  at: number,
  position: { lon: number; lat: number },
  extra: Partial<TPositionV1> = {},
  envelope: Partial<TPositionEventV1> = {},
): TPositionEventV1 {
  return {
    id: newEventId(),
    type: 'position',
    v: 1,
    source: 'sim',
    occurredAt: iso(at),
    receivedAt: new Date().toISOString(),
    payload: { assetId, assetKind: 'vehicle', position, ...extra },
    ...envelope,
  };
}

export function readingEvent(
  sensorId: string,
  at: number,
  reading: Pick<TReadingV1, 'metric' | 'value' | 'unit'> & Partial<TReadingV1>,
  envelope: Partial<TReadingEventV1> = {},
): TReadingEventV1 {
  return {
    id: newEventId(),
    type: 'reading',
    v: 1,
    source: 'sensors',
    occurredAt: iso(at),
    receivedAt: new Date().toISOString(),
    payload: { sensorId, ...reading },
    ...envelope,
  };
}

export function reportEvent(
  source: string,
  reportId: string,
  text: string,
  extra: Partial<TReportV1> = {},
  envelope: Partial<TReportEventV1> = {},
): TReportEventV1 {
  return {
    id: newEventId(),
    type: 'report',
    v: 1,
    source,
    occurredAt: iso(T0),
    receivedAt: new Date().toISOString(),
    payload: { reportId, channel: 'sms', text, ...extra },
    ...envelope,
  };
}

export function positionRecord(event: TPositionEventV1): ProduceRecord {
  return { key: topicKey('raw.positions', event), value: JSON.stringify(event) };
}
export function readingRecord(event: TReadingEventV1): ProduceRecord {
  return { key: topicKey('raw.readings', event), value: JSON.stringify(event) };
}
export function reportRecord(event: TReportEventV1): ProduceRecord {
  return { key: topicKey('raw.reports', event), value: JSON.stringify(event) };
}
