import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/v1/raw.readings.json';
import { expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZMetric, ZReadingEventV1, ZReadingV1, metrics } from './readings';

const payload = fixture.payload;

describe('ZReadingV1', () => {
  it('accepts a reading of every metric in its unit and range', () => {
    expectValid(ZReadingV1, payload);
    for (const metric of ZMetric.options) {
      const { unit, min, max } = metrics[metric];
      for (const value of [min, max, (min + max) / 2]) {
        expectValid(ZReadingV1, { sensorId: 's-1', metric, unit, value });
      }
    }
    expectValid(ZReadingV1, { sensorId: 'rain-1', metric: 'rain', unit: 'mm', value: 12.5, periodS: 3600 });
  });

  it.each([
    ['sensorId', ''],
    ['metric', 'radiation'],
    ['value', Number.NaN],
    ['value', Number.POSITIVE_INFINITY],
    ['value', '4.87'],
    ['unit', 'ft'],
    ['position.lon', -200],
    ['periodS', 0],
    ['quality', 'great'],
  ])('rejects %s = %s', (path, value) => expectInvalidAt(ZReadingV1, withPatch(payload, path, value), path));

  it('rejects a unit that is not the metric’s canonical one, with a readable message', () => {
    const result = ZReadingV1.safeParse({ ...payload, unit: 'mm' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Unit for water_level must be m');
    expect(result.error?.issues[0]?.path).toEqual(['unit']);
  });

  it.each([
    ['humidity', 'percent', 101],
    ['rain', 'mm', -0.1],
    ['wind_direction', 'deg', 400],
    ['temperature', 'degC', 120],
  ])('rejects %s out of its physical range (%s %s)', (metric, unit, value) =>
    expectInvalidAt(ZReadingV1, { sensorId: 's-1', metric, unit, value }, 'value'),
  );

  it('is carried in a reading v1 envelope', () => {
    expectValid(ZReadingEventV1, fixture);
    expectInvalidAt(ZReadingEventV1, withPatch(fixture, 'type', 'position'), 'type');
  });
});
