// raw.readings: one sensor measurement. Each metric has one canonical unit (ingest converts) and a
// physically plausible range, both declared as data in `metrics`.
import { z } from 'zod';
import { envelopeOf } from './envelope';
import { ZFinite, ZId, ZLonLat } from './primitives';

export const ZUnit = z.enum([
  'm',
  'm3/s',
  'mm',
  'mm/h',
  'degC',
  'percent',
  'hPa',
  'm/s',
  'deg',
  'ug/m3',
  'm/s2',
]);
export type TUnit = z.infer<typeof ZUnit>;

export const ZMetric = z.enum([
  'water_level',
  'discharge',
  'rain',
  'rain_rate',
  'temperature',
  'humidity',
  'pressure',
  'wind_speed',
  'wind_direction',
  'air_quality_pm25',
  'air_quality_pm10',
  'seismic',
  'soil_moisture',
]);
export type TMetric = z.infer<typeof ZMetric>;

export interface MetricDefinition {
  readonly unit: TUnit;
  readonly min: number;
  readonly max: number;
  readonly description: string;
}

export const metrics: Readonly<Record<TMetric, MetricDefinition>> = {
  water_level: { unit: 'm', min: -100, max: 1_000, description: 'Water level above the gauge datum' },
  discharge: { unit: 'm3/s', min: 0, max: 1_000_000, description: 'River discharge' },
  rain: { unit: 'mm', min: 0, max: 2_000, description: 'Rain accumulated over periodS' },
  rain_rate: { unit: 'mm/h', min: 0, max: 1_000, description: 'Rain intensity' },
  temperature: { unit: 'degC', min: -90, max: 70, description: 'Air temperature' },
  humidity: { unit: 'percent', min: 0, max: 100, description: 'Relative humidity' },
  pressure: { unit: 'hPa', min: 800, max: 1_100, description: 'Atmospheric pressure' },
  wind_speed: { unit: 'm/s', min: 0, max: 150, description: 'Wind speed' },
  wind_direction: { unit: 'deg', min: 0, max: 360, description: 'Direction the wind comes from' },
  air_quality_pm25: { unit: 'ug/m3', min: 0, max: 10_000, description: 'PM2.5 concentration' },
  air_quality_pm10: { unit: 'ug/m3', min: 0, max: 20_000, description: 'PM10 concentration' },
  seismic: { unit: 'm/s2', min: 0, max: 100, description: 'Peak ground acceleration' },
  soil_moisture: { unit: 'percent', min: 0, max: 100, description: 'Volumetric soil water content' },
};

export const ZReadingQuality = z.enum(['good', 'suspect', 'bad']);

export const ZReadingV1 = z
  .object({
    sensorId: ZId,
    metric: ZMetric,
    value: ZFinite,
    unit: ZUnit,
    /** Where the sensor is, when the reading carries it (fixed sensors are also known by id). */
    position: ZLonLat.optional(),
    /** Accumulation period in seconds, for accumulated metrics such as `rain`. */
    periodS: z
      .int()
      .min(1)
      .max(31 * 24 * 3600)
      .optional(),
    /** Quality flag set by the source. */
    quality: ZReadingQuality.optional(),
  })
  .refine((r) => r.unit === metrics[r.metric].unit, {
    error: (issue) => {
      const r = issue.input as { metric: TMetric };
      return `Unit for ${r.metric} must be ${metrics[r.metric].unit}`;
    },
    path: ['unit'],
  })
  .refine((r) => r.value >= metrics[r.metric].min && r.value <= metrics[r.metric].max, {
    error: (issue) => {
      const r = issue.input as { metric: TMetric };
      const m = metrics[r.metric];
      return `Value for ${r.metric} must be within ${m.min}..${m.max} ${m.unit}`;
    },
    path: ['value'],
  })
  .meta({ description: 'Sensor reading, v1' });
export type TReadingV1 = z.infer<typeof ZReadingV1>;

export const ZReadingEventV1 = envelopeOf('reading', 1, ZReadingV1);
export type TReadingEventV1 = z.infer<typeof ZReadingEventV1>;
