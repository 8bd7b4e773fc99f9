import { describe, expect, it } from 'vitest';
import { mapMqttMessage } from './map-mqtt-message';

const at = new Date('2021-08-16T14:00:00Z');
const reading = { kind: 'reading', metric: 'water_level', unit: 'm' } as const;
const position = { kind: 'position', assetKind: 'boat' } as const;
const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('mapMqttMessage', () => {
  it('reads a bare number as a reading at the receive time', () => {
    expect(mapMqttMessage(reading, 'wl-3', bytes('3.12'), at)).toEqual({
      ok: true,
      topic: 'raw.readings',
      occurredAt: '2021-08-16T14:00:00.000Z',
      payload: { sensorId: 'wl-3', metric: 'water_level', value: 3.12, unit: 'm' },
    });
  });

  it('reads JSON with its own unit (converted), time in epoch seconds and position', () => {
    const result = mapMqttMessage(
      reading,
      'wl-3',
      bytes('{"value":312,"unit":"cm","ts":1629122460,"lat":18.2,"lon":-73.7}'),
      at,
    );
    expect(result).toEqual({
      ok: true,
      topic: 'raw.readings',
      occurredAt: '2021-08-16T14:01:00.000Z',
      payload: {
        sensorId: 'wl-3',
        metric: 'water_level',
        value: 3.12,
        unit: 'm',
        position: { lon: -73.7, lat: 18.2 },
      },
    });
  });

  it('reads OwnTracks locations (km/h, epoch seconds)', () => {
    const result = mapMqttMessage(
      position,
      'boat-1',
      bytes('{"_type":"location","lat":18.5,"lon":-72.3,"tst":1629122400,"vel":36,"cog":90,"batt":80}'),
      at,
    );
    expect(result).toMatchObject({
      ok: true,
      topic: 'raw.positions',
      occurredAt: '2021-08-16T14:00:00.000Z',
      payload: {
        assetId: 'boat-1',
        assetKind: 'boat',
        position: { lon: -72.3, lat: 18.5 },
        speed: 10,
        heading: 90,
        battery: 80,
      },
    });
  });

  it('says why a message cannot be used', () => {
    const cases: [typeof reading | typeof position, Buffer, string][] = [
      [reading, bytes('abc'), 'neither JSON nor a number'],
      [reading, bytes(''), 'empty'],
      [reading, Buffer.from([0xff, 0xfe]), 'not UTF-8'],
      [reading, bytes('{"v":1}'), 'no numeric value'],
      [reading, bytes('{"value":1,"time":"yesterday"}'), 'unreadable time'],
      [position, bytes('42'), 'JSON object'],
      [position, bytes('{"lat":1}'), 'lat and lon'],
    ];
    for (const [target, payload, reason] of cases) {
      const result = mapMqttMessage(target, 'x', payload, at);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(reason);
    }
  });
});
