import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './mqtt-backoff';
import { matchTopic, parseMqttMappings } from './mqtt-mappings';

describe('parseMqttMappings', () => {
  it('reads pattern=target pairs with defaults', () => {
    expect(
      parseMqttMappings('sensors/+/water_level=reading:water_level:cm; trackers/+/position=position'),
    ).toEqual([
      { pattern: 'sensors/+/water_level', target: { kind: 'reading', metric: 'water_level', unit: 'cm' } },
      { pattern: 'trackers/+/position', target: { kind: 'position', assetKind: 'vehicle' } },
    ]);
    expect(parseMqttMappings('rain/#=reading:rain')[0]?.target).toEqual({
      kind: 'reading',
      metric: 'rain',
      unit: 'mm',
    });
  });

  it('names every bad entry', () => {
    expect(() => parseMqttMappings('a/b+=reading:rain;x=reading:snow;y=position:tank;z=foo;nothing')).toThrow(
      /"a\/b\+=reading:rain": "\+" must be a whole level[\s\S]*unknown metric "snow"[\s\S]*unknown asset kind "tank"[\s\S]*target must be[\s\S]*expected pattern=target/,
    );
  });
});

describe('matchTopic', () => {
  it('captures + levels and the # rest', () => {
    expect(matchTopic('sensors/+/water_level', 'sensors/wl-3/water_level')).toEqual(['wl-3']);
    expect(matchTopic('a/+/+', 'a/b/c')).toEqual(['b', 'c']);
    expect(matchTopic('a/#', 'a/b/c')).toEqual(['b/c']);
    expect(matchTopic('sensors/+/water_level', 'sensors/wl-3/rain')).toBeUndefined();
    expect(matchTopic('sensors/+', 'sensors/a/b')).toBeUndefined();
    expect(matchTopic('sensors/+/x', 'sensors/a')).toBeUndefined();
  });
});

it('doubles the reconnection delay up to the cap', () => {
  expect([0, 1, 2, 3, 10, 100].map((n) => reconnectDelayMs(n, 500, 30_000))).toEqual([
    500, 1000, 2000, 4000, 30_000, 30_000,
  ]);
});
