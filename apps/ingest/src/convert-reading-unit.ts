/**
 * Sensor readings carry one canonical unit per metric (`metrics` in the contracts). Sources that send
 * another common unit for the same quantity (centimetres of water, Fahrenheit, km/h of wind…) are
 * converted here before validation; an unknown unit is left alone for the contract to refuse.
 */
import { metrics } from '@vigie/contracts/readings';
import type { TMetric, TUnit } from '@vigie/contracts/readings';

type Converter = (value: number) => number;

/** For each canonical unit, the other spellings and units accepted, with their conversion. */
const conversions: Readonly<Record<TUnit, Readonly<Record<string, Converter>>>> = {
  m: { cm: (v) => v / 100, mm: (v) => v / 1000, ft: (v) => v * 0.3048, in: (v) => v * 0.0254 },
  'm3/s': {
    'l/s': (v) => v / 1000,
    'ft3/s': (v) => v * 0.028_316_846_592,
    cfs: (v) => v * 0.028_316_846_592,
  },
  mm: { cm: (v) => v * 10, in: (v) => v * 25.4, m: (v) => v * 1000 },
  'mm/h': { 'in/h': (v) => v * 25.4, 'cm/h': (v) => v * 10 },
  degC: {
    C: (v) => v,
    '°C': (v) => v,
    degF: (v) => ((v - 32) * 5) / 9,
    F: (v) => ((v - 32) * 5) / 9,
    '°F': (v) => ((v - 32) * 5) / 9,
    K: (v) => v - 273.15,
  },
  percent: { '%': (v) => v, fraction: (v) => v * 100 },
  hPa: {
    mbar: (v) => v,
    mb: (v) => v,
    kPa: (v) => v * 10,
    Pa: (v) => v / 100,
    inHg: (v) => v * 33.863_886_666_7,
  },
  'm/s': { 'km/h': (v) => v / 3.6, kmh: (v) => v / 3.6, kn: (v) => v * 0.514_444, mph: (v) => v * 0.447_04 },
  deg: { '°': (v) => v },
  'ug/m3': { 'µg/m3': (v) => v, 'μg/m3': (v) => v, 'µg/m³': (v) => v, 'mg/m3': (v) => v * 1000 },
  'm/s2': { g: (v) => v * 9.806_65, 'cm/s2': (v) => v / 100, gal: (v) => v / 100 },
};

function isMetric(value: unknown): value is TMetric {
  return typeof value === 'string' && Object.hasOwn(metrics, value);
}

/**
 * Returns the payload with `value` and `unit` in the metric's canonical unit when the source used a
 * known other unit; otherwise the payload unchanged (validation then names the problem).
 */
export function convertReadingUnit(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const reading = payload as Record<string, unknown>;
  const { metric, unit, value } = reading;
  if (!isMetric(metric) || typeof unit !== 'string' || typeof value !== 'number') return payload;
  const canonical = metrics[metric].unit;
  if (unit === canonical) return payload;
  const convert = conversions[canonical][unit];
  if (convert === undefined) return payload;
  return { ...reading, value: convert(value), unit: canonical };
}
