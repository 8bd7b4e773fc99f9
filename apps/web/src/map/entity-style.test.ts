import { describe, expect, it } from 'vitest';
import {
  ALARM_COLOR,
  OFFLINE_COLOR,
  SENSOR_ANOMALY,
  SENSOR_NORMAL,
  SENSOR_WATCH,
  STALE_ALPHA,
  STATUS_COLORS,
  angleFromHeading,
  assetColor,
  assetColorPacked,
  packRgba,
  sensorColorPacked,
  unpackRgba,
  cssColor,
  densityColor,
  sensorColor,
} from './entity-style';

const reading = (value: number, anomalyScore?: number) => ({
  metric: 'water_level' as const,
  value,
  unit: 'm' as const,
  at: '2024-09-14T08:00:00Z',
  ...(anomalyScore === undefined ? {} : { anomalyScore }),
});

describe('assetColor', () => {
  it('colours by status', () => {
    expect(assetColor({ status: 'en_route', connectivity: 'online' })).toEqual(STATUS_COLORS.en_route);
    expect(assetColor({ status: 'available', connectivity: 'online' })).toEqual(STATUS_COLORS.available);
    expect(assetColor({ connectivity: 'online' })).toEqual(STATUS_COLORS.unknown);
  });

  it('gives every status its own colour', () => {
    const colours = Object.values(STATUS_COLORS).map((c) => c.join(','));
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('fades stale assets, greys offline ones and shows alarms above all', () => {
    expect(assetColor({ status: 'assigned', connectivity: 'stale' })[3]).toBe(STALE_ALPHA);
    expect(assetColor({ status: 'assigned', connectivity: 'offline' })).toEqual(OFFLINE_COLOR);
    expect(assetColor({ status: 'assigned', connectivity: 'offline', alarm: 'sos' })).toEqual(ALARM_COLOR);
  });
});

describe('angleFromHeading', () => {
  it('turns a clockwise heading into deck.gl counter-clockwise degrees', () => {
    expect(angleFromHeading(0)).toBe(0);
    expect(angleFromHeading(90)).toBe(270); // east: a quarter turn clockwise
    expect(angleFromHeading(180)).toBe(180);
    expect(angleFromHeading(270)).toBe(90); // west: a quarter turn counter-clockwise
    expect(angleFromHeading(360)).toBe(0);
    expect(angleFromHeading(274)).toBe(86);
  });

  it('points north without a heading', () => {
    expect(angleFromHeading(undefined)).toBe(0);
    expect(Object.is(angleFromHeading(0), 0)).toBe(true);
  });
});

describe('sensorColor', () => {
  it('colours by the highest anomaly score', () => {
    expect(sensorColor({ connectivity: 'online', lastReadings: [reading(1, 0.2)] })).toEqual(SENSOR_NORMAL);
    expect(sensorColor({ connectivity: 'online', lastReadings: [reading(1, 0.2), reading(2, 1.8)] })).toEqual(
      SENSOR_WATCH,
    );
    expect(sensorColor({ connectivity: 'online', lastReadings: [reading(1, 4)] })).toEqual(SENSOR_ANOMALY);
  });

  it('shades by value in the metric range when there is no score', () => {
    const low = sensorColor({ connectivity: 'online', lastReadings: [reading(-100)] });
    const high = sensorColor({ connectivity: 'online', lastReadings: [reading(1000)] });
    expect(low).not.toEqual(high);
    expect(high[2]).toBeLessThan(low[2]); // darker blue for higher values
  });

  it('is normal without readings and grey when offline', () => {
    expect(sensorColor({ connectivity: 'online' })).toEqual(SENSOR_NORMAL);
    expect(sensorColor({ connectivity: 'offline', lastReadings: [reading(1, 9)] })).toEqual(OFFLINE_COLOR);
  });
});

describe('densityColor and cssColor', () => {
  it('gets stronger with the count', () => {
    expect(densityColor(50)[3]).toBeGreaterThan(densityColor(1)[3]);
  });

  it('writes CSS colours', () => {
    expect(cssColor([1, 2, 3, 255])).toBe('rgb(1 2 3)');
    expect(cssColor([1, 2, 3, 0])).toBe('rgb(1 2 3 / 0%)');
  });
});

describe('packed colours', () => {
  it('round-trips through a 32-bit word in r, g, b, a byte order', () => {
    const packed = packRgba([1, 2, 3, 4]);
    expect(unpackRgba(packed)).toEqual([1, 2, 3, 4]);
    expect([...new Uint8Array(new Uint32Array([packed]).buffer)]).toEqual([1, 2, 3, 4]);
  });

  it('agrees with the unpacked colour functions', () => {
    const cases = [
      { status: 'en_route', connectivity: 'online' },
      { status: 'on_scene', connectivity: 'stale' },
      { connectivity: 'online' },
      { status: 'available', connectivity: 'offline' },
      { status: 'available', connectivity: 'online', alarm: 'sos' },
    ] as const;
    for (const c of cases) expect(unpackRgba(assetColorPacked(c))).toEqual(assetColor(c));
    const sensor = { connectivity: 'online' as const, lastReadings: [reading(2, 4)] };
    expect(unpackRgba(sensorColorPacked(sensor))).toEqual(sensorColor(sensor));
  });
});
