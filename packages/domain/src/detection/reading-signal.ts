/** A sensor reading as the reading detectors see it (an enriched observation, flattened). */
import type { TRegion } from '@vigie/contracts/primitives';
import type { TEvidence } from '@vigie/contracts/live-alerts';
import type { AlertDraft } from './alert-draft';
import { iso } from './alert-draft';

export interface ReadingSignal {
  sensorId: string;
  metric: string;
  value: number;
  unit?: string;
  /** Epoch milliseconds. */
  at: number;
  lon: number;
  lat: number;
  /** Envelope id of the raw reading (evidence). */
  eventId: string;
  region?: TRegion;
  cell?: string;
  /** Robust anomaly score of the reading (0 = usual), when computed upstream. */
  anomalyScore?: number;
}

export function readingEvidence(reading: ReadingSignal, summary?: string): TEvidence {
  return {
    kind: 'reading',
    eventId: reading.eventId,
    entityId: reading.sensorId,
    at: iso(reading.at),
    value: reading.value,
    ...(summary === undefined ? {} : { summary }),
  };
}

/** Fields every reading alert shares: the sensor's place, region and cell. */
export function readingPlace(
  reading: ReadingSignal,
): Pick<AlertDraft, 'place' | 'region' | 'cell'> & Partial<AlertDraft> {
  return {
    place: { type: 'Point', coordinates: [reading.lon, reading.lat] },
    ...(reading.region === undefined ? {} : { region: reading.region }),
    ...(reading.cell === undefined ? {} : { cell: reading.cell }),
  };
}
