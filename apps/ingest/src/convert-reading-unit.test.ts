import { describe, expect, it } from 'vitest';
import { convertReadingUnit } from './convert-reading-unit';

describe('convertReadingUnit', () => {
  it('converts common units to the canonical unit of the metric', () => {
    expect(convertReadingUnit({ metric: 'water_level', value: 140, unit: 'cm' })).toEqual({
      metric: 'water_level',
      value: 1.4,
      unit: 'm',
    });
    expect(convertReadingUnit({ metric: 'temperature', value: 86, unit: 'degF' })).toMatchObject({
      value: 30,
      unit: 'degC',
    });
    expect(convertReadingUnit({ metric: 'temperature', value: 300.15, unit: 'K' })).toMatchObject({
      unit: 'degC',
    });
    expect(convertReadingUnit({ metric: 'wind_speed', value: 36, unit: 'km/h' })).toMatchObject({
      value: 10,
      unit: 'm/s',
    });
    expect(convertReadingUnit({ metric: 'rain', value: 1, unit: 'in' })).toMatchObject({
      value: 25.4,
      unit: 'mm',
    });
    expect(convertReadingUnit({ metric: 'pressure', value: 101.3, unit: 'kPa' })).toMatchObject({
      value: 1013,
      unit: 'hPa',
    });
    expect(convertReadingUnit({ metric: 'humidity', value: 0.5, unit: 'fraction' })).toMatchObject({
      value: 50,
      unit: 'percent',
    });
  });

  it('leaves canonical, unknown and malformed readings alone', () => {
    const canonical = { metric: 'rain', value: 3, unit: 'mm' };
    expect(convertReadingUnit(canonical)).toBe(canonical);
    const unknown = { metric: 'rain', value: 3, unit: 'bucket' };
    expect(convertReadingUnit(unknown)).toBe(unknown);
    expect(convertReadingUnit({ metric: 'nonsense', value: 1, unit: 'cm' })).toEqual({
      metric: 'nonsense',
      value: 1,
      unit: 'cm',
    });
    expect(convertReadingUnit('text')).toBe('text');
    expect(convertReadingUnit(null)).toBeNull();
  });
});
