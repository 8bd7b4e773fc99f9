/**
 * raw.readings: each reading is scored by its sensor's anomaly detector (state per sensor and metric,
 * checkpointed with the partition) and becomes a history row; sensors whose state changed are
 * updated in the database and published on live.entities; readings with a position are published on
 * live.observations.
 */
import type { ProduceRecord } from '@vigie/bus/log';
import type { ReadingInput } from '@vigie/db/readings-repository';
import { recordReadings } from '@vigie/db/readings-repository';
import type { SensorStateInput } from '@vigie/db/sensors-repository';
import { upsertSensorStates } from '@vigie/db/sensors-repository';
import { storedEnvelopeIds, storedReadingScores } from '@vigie/db/stored-events-repository';
import type { AnomalyState } from '@vigie/domain/anomaly-score';
import { compactAnomalyState, parseAnomalyState } from '@vigie/domain/anomaly-score';
import { h3CellOf } from '@vigie/domain/h3-cell';
import { regionOf } from '@vigie/domain/region-of';
import { entityRecord, observationRecord, sensorEntity } from './build-live-records';
import type { ReadingContext } from './enrich-reading';
import { detectorKey, enrichReading, readingObservation } from './enrich-reading';
import type { EntityCache, SensorLive } from './entity-cache';
import { refreshSensors } from './entity-cache';
import type { TopicPipeline } from './topic-pipeline';

/** The sensor's row in the current-state table, from its live state. */
export function sensorStateRow(sensor: SensorLive, source: string): SensorStateInput | null {
  let newest: { metric: string; value: number; unit: string; at: string; anomalyScore?: number } | undefined;
  const lastReadings: SensorStateInput['lastReadings'] = {};
  for (const reading of Object.values(sensor.lastReadings)) {
    if (reading === undefined) continue;
    lastReadings[reading.metric] = {
      value: reading.value,
      unit: reading.unit,
      at: reading.at,
      anomalyScore: reading.anomalyScore ?? null,
    };
    if (newest === undefined || Date.parse(reading.at) > Date.parse(newest.at)) newest = reading;
  }
  if (newest === undefined) return null;
  return {
    id: sensor.id,
    kind: sensor.kind,
    name: sensor.name,
    unit: newest.unit,
    source,
    position: sensor.position ?? null,
    lastValue: newest.value,
    lastReadingAt: new Date(newest.at),
    anomalyScore: newest.anomalyScore ?? null,
    lastReadings,
  };
}

export function readingsConsumer(
  cache: EntityCache,
  context: ReadingContext & { sourceId: string },
): TopicPipeline<'raw.readings'> {
  return {
    topic: 'raw.readings',
    refresh: (db, events) =>
      refreshSensors(cache, db, [...new Set(events.map((e) => e.event.payload.sensorId))]),
    stored: (tx, events) =>
      storedEnvelopeIds(
        tx,
        'readings',
        events.map((e) => e.event.id),
      ),
    plan(events, checkpoint, now) {
      const sensors = new Map<string, SensorLive>();
      const changed = new Map<string, string>();
      const detectors = new Map<string, AnomalyState>();
      const rows: ReadingInput[] = [];
      const observations: ProduceRecord[] = [];
      const output = { sourceId: context.sourceId, now };
      for (const { event } of events) {
        const { sensorId, metric } = event.payload;
        const key = detectorKey(sensorId, metric);
        const detector = detectors.get(key) ?? parseAnomalyState(checkpoint.state.get(key));
        const enriched = enrichReading(
          event,
          sensors.get(sensorId) ?? cache.sensors.get(sensorId),
          detector,
          context,
        );
        rows.push(enriched.row);
        detectors.set(key, enriched.detector);
        sensors.set(sensorId, enriched.sensor);
        if (enriched.changed) changed.set(sensorId, event.source);
        if (enriched.observation !== null) {
          observations.push(observationRecord(enriched.observation, event.receivedAt, output));
        }
      }
      const states: SensorStateInput[] = [];
      const entities: ProduceRecord[] = [];
      for (const [id, source] of changed) {
        const sensor = sensors.get(id)!;
        const row = sensorStateRow(sensor, source);
        if (row !== null) states.push(row);
        entities.push(
          entityRecord(
            sensorEntity(sensor, now),
            { eventId: sensor.eventId, receivedAt: sensor.receivedAt },
            output,
          ),
        );
      }
      const statePatch: Record<string, unknown> = {};
      for (const [key, state] of detectors) statePatch[key] = compactAnomalyState(state);
      return {
        write: async (tx) => {
          const { inserted } = await recordReadings(tx, rows);
          await upsertSensorStates(tx, states);
          return { inserted };
        },
        statePatch,
        apply: () => {
          for (const [id, sensor] of sensors) cache.sensors.set(id, sensor);
        },
        entities,
        observations,
        outcomes: {},
      };
    },
    async recover(db, events, now) {
      const output = { sourceId: context.sourceId, now };
      const scores = await storedReadingScores(
        db,
        events.map((e) => e.event.id),
      );
      const observations: ProduceRecord[] = [];
      const entities: ProduceRecord[] = [];
      const sensorIds = new Set<string>();
      for (const { event } of events) {
        const score = scores.get(event.id);
        if (score === undefined) continue; // Not stored: a duplicate dropped when it was processed.
        sensorIds.add(event.payload.sensorId);
        const sensor = cache.sensors.get(event.payload.sensorId);
        const position = event.payload.position ?? sensor?.position ?? event.geo;
        if (position === undefined) continue;
        const cell = h3CellOf(position.lon, position.lat, context.h3Resolution);
        const region = regionOf(context.regionIndex, position.lon, position.lat);
        observations.push(
          observationRecord(
            readingObservation(event, position, cell, region, score),
            event.receivedAt,
            output,
          ),
        );
      }
      for (const id of sensorIds) {
        const sensor = cache.sensors.get(id);
        if (sensor !== undefined) {
          entities.push(
            entityRecord(
              sensorEntity(sensor, now),
              { eventId: sensor.eventId, receivedAt: sensor.receivedAt },
              output,
            ),
          );
        }
      }
      return { entities, observations };
    },
  };
}
