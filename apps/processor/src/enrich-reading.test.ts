import { ZLiveEntityEventV1 } from '@vigie/contracts/live-entities';
import { ZLiveObservationEventV1 } from '@vigie/contracts/live-observations';
import type { AnomalyState } from '@vigie/domain/anomaly-score';
import { loadCountryIndex } from '@vigie/domain/region-index';
import { describe, expect, it } from 'vitest';
import { PAP, T0, readingEvent } from '../test/raw-events';
import { entityRecord, observationRecord, sensorEntity } from './build-live-records';
import { enrichReading } from './enrich-reading';
import type { SensorLive } from './entity-cache';
import { sensorStateRow } from './readings.consumer';

const context = {
  regionIndex: loadCountryIndex(),
  h3Resolution: 7,
  anomaly: { warmupMs: 0, warmupReadings: 5 },
};
const output = { sourceId: 'vigie-processor', now: new Date() };

describe('enrichReading', () => {
  it('locates a reading, scores it and makes it the sensor’s last reading of its metric', () => {
    const event = readingEvent('gauge-1', T0, {
      metric: 'water_level',
      value: 2.5,
      unit: 'm',
      position: PAP,
    });
    const r = enrichReading(event, undefined, undefined, context);
    expect(r.row).toMatchObject({ sensorId: 'gauge-1', metric: 'water_level', value: 2.5, anomalyScore: 0 });
    expect(r.changed).toBe(true);
    expect(r.sensor).toMatchObject({ kind: 'water_level', position: PAP, region: { country: 'HTI' } });
    expect(r.sensor.lastReadings.water_level).toMatchObject({ value: 2.5, at: new Date(T0).toISOString() });
    expect(r.observation).toMatchObject({ kind: 'reading', cell: r.sensor.cell, anomalyScore: 0 });
    ZLiveObservationEventV1.parse(
      JSON.parse(observationRecord(r.observation!, event.receivedAt, output).value as string),
    );
  });

  it('keeps one last reading per metric and ignores older ones for the live state', () => {
    const first = enrichReading(
      readingEvent('station-1', T0, { metric: 'temperature', value: 25, unit: 'degC', position: PAP }),
      undefined,
      undefined,
      context,
    );
    const humidity = enrichReading(
      readingEvent('station-1', T0 + 1000, { metric: 'humidity', value: 80, unit: 'percent' }),
      first.sensor,
      undefined,
      context,
    );
    expect(Object.keys(humidity.sensor.lastReadings).sort()).toEqual(['humidity', 'temperature']);
    // Position known from before: still observed there.
    expect(humidity.observation?.position).toEqual(PAP);
    const older = enrichReading(
      readingEvent('station-1', T0 - 60_000, { metric: 'temperature', value: 10, unit: 'degC' }),
      humidity.sensor,
      first.detector,
      context,
    );
    expect(older.changed).toBe(false);
    expect(older.sensor.lastReadings.temperature?.value).toBe(25);
    const entity = sensorEntity(humidity.sensor, new Date());
    expect(entity.lastReadings).toHaveLength(2);
    ZLiveEntityEventV1.parse(JSON.parse(entityRecord(entity, humidity.sensor, output).value as string));
    expect(sensorStateRow(humidity.sensor, 'sensors')).toMatchObject({
      lastValue: 80,
      unit: 'percent',
      lastReadings: { humidity: { value: 80 }, temperature: { value: 25 } },
    });
  });

  it('scores a jump once the detector is warm, and does not learn from a bad reading', () => {
    let detector: AnomalyState | undefined;
    let sensor: SensorLive | undefined;
    for (let i = 0; i < 30; i++) {
      const value = 2 + 0.01 * (i % 3);
      const r = enrichReading(
        readingEvent('gauge-2', T0 + i * 60_000, { metric: 'water_level', value, unit: 'm' }),
        sensor,
        detector,
        context,
      );
      detector = r.detector;
      sensor = r.sensor;
    }
    const bad = enrichReading(
      readingEvent('gauge-2', T0 + 31 * 60_000, {
        metric: 'water_level',
        value: 50,
        unit: 'm',
        quality: 'bad',
      }),
      sensor,
      detector,
      context,
    );
    expect(bad.detector).toBe(detector);
    let score = 0;
    for (let i = 32; i < 35; i++) {
      const r = enrichReading(
        readingEvent('gauge-2', T0 + i * 60_000, { metric: 'water_level', value: 4, unit: 'm' }),
        sensor,
        detector,
        context,
      );
      detector = r.detector;
      sensor = r.sensor;
      score = r.row.anomalyScore ?? 0;
    }
    expect(score).toBeGreaterThan(10);
    // Without a position, there is no observation.
    expect(bad.observation).toBeNull();
  });
});
