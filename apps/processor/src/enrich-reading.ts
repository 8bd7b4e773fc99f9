/**
 * Enrich and detect stages of a sensor reading: the sensor's position (from the reading, else the one
 * known, else the envelope's), the robust anomaly score of the value for that sensor and metric, and
 * the sensor's new last reading of that metric. A reading flagged `bad` by its source is scored but
 * does not teach the detector.
 */
import type { TLastReading } from '@vigie/contracts/live-entities';
import type { TLiveObservationV1 } from '@vigie/contracts/live-observations';
import type { TRegion } from '@vigie/contracts/primitives';
import type { TReadingEventV1 } from '@vigie/contracts/readings';
import type { ReadingInput } from '@vigie/db/readings-repository';
import type { AnomalyOptions, AnomalyState } from '@vigie/domain/anomaly-score';
import { scoreReading } from '@vigie/domain/anomaly-score';
import { h3CellOf } from '@vigie/domain/h3-cell';
import { regionOf } from '@vigie/domain/region-of';
import type { GeoContext } from './enrich-position';
import type { SensorLive } from './entity-cache';

export interface ReadingContext extends GeoContext {
  readonly anomaly: AnomalyOptions;
}

export interface EnrichedReading {
  row: ReadingInput;
  sensor: SensorLive;
  /** Whether the sensor's live state changed (a newer reading of the metric, or a new position). */
  changed: boolean;
  detector: AnomalyState;
  /** Published on live.observations when the reading has a position. */
  observation: TLiveObservationV1 | null;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Key of a detector in the partition's checkpoint state. */
export function detectorKey(sensorId: string, metric: string): string {
  return `a:${sensorId}|${metric}`;
}

/** The live observation of a located reading. */
export function readingObservation(
  event: TReadingEventV1,
  position: { lon: number; lat: number },
  cell: string,
  region: TRegion | undefined,
  anomalyScore: number | undefined,
): TLiveObservationV1 {
  const p = event.payload;
  const observation: TLiveObservationV1 = {
    kind: 'reading',
    rawEventId: event.id,
    observedAt: event.occurredAt,
    position: { lon: position.lon, lat: position.lat },
    cell,
    sensorId: p.sensorId,
    metric: p.metric,
    value: p.value,
    unit: p.unit,
  };
  if (anomalyScore !== undefined) observation.anomalyScore = anomalyScore;
  if (region !== undefined) observation.region = region;
  return observation;
}

export function enrichReading(
  event: TReadingEventV1,
  sensor: SensorLive | undefined,
  detector: AnomalyState | undefined,
  context: ReadingContext,
): EnrichedReading {
  const p = event.payload;
  const at = Date.parse(event.occurredAt);
  const position = p.position ?? sensor?.position ?? event.geo;
  const result = scoreReading(detector, { value: p.value, at, lon: position?.lon ?? null }, context.anomaly);
  const score = round(result.score, 3);
  const learned = p.quality === 'bad' && detector !== undefined ? detector : result.state;

  const attrs: Record<string, unknown> = {};
  if (p.quality !== undefined) attrs.quality = p.quality;
  if (p.periodS !== undefined) attrs.periodS = p.periodS;
  const row: ReadingInput = {
    envelopeId: event.id,
    sensorId: p.sensorId,
    time: new Date(at),
    metric: p.metric,
    value: p.value,
    unit: p.unit,
    anomalyScore: score,
    receivedAt: new Date(event.receivedAt),
    attrs,
  };

  const previous = sensor?.lastReadings[p.metric];
  const newer = previous === undefined || at > Date.parse(previous.at);
  const moved =
    position !== undefined &&
    (sensor?.position === undefined ||
      sensor.position.lon !== position.lon ||
      sensor.position.lat !== position.lat);
  const next: SensorLive = {
    id: p.sensorId,
    name: sensor?.name ?? p.sensorId,
    kind: sensor?.kind ?? p.metric,
    lastReadings: sensor?.lastReadings ?? {},
  };
  if (sensor?.lastReadingAt !== undefined) next.lastReadingAt = sensor.lastReadingAt;
  if (newer) {
    const reading: TLastReading = {
      metric: p.metric,
      value: p.value,
      unit: p.unit,
      at: new Date(at).toISOString(),
      anomalyScore: score,
    };
    next.lastReadings = { ...next.lastReadings, [p.metric]: reading };
    next.lastReadingAt = Math.max(next.lastReadingAt ?? at, at);
    next.eventId = event.id;
    next.receivedAt = event.receivedAt;
  } else {
    if (sensor?.eventId !== undefined) next.eventId = sensor.eventId;
    if (sensor?.receivedAt !== undefined) next.receivedAt = sensor.receivedAt;
  }

  let cell: string | undefined;
  let region = sensor?.region;
  if (position !== undefined) {
    next.position = { lon: position.lon, lat: position.lat };
    cell =
      moved || sensor?.cell === undefined
        ? h3CellOf(position.lon, position.lat, context.h3Resolution)
        : sensor.cell;
    if (moved || region === undefined) region = regionOf(context.regionIndex, position.lon, position.lat);
    next.cell = cell;
    if (region !== undefined) next.region = region;
  }

  const observation =
    position === undefined || cell === undefined
      ? null
      : readingObservation(event, position, cell, region, score);
  return { row, sensor: next, changed: newer || moved, detector: learned, observation };
}
