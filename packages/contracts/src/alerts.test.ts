import { describe, it } from 'vitest';
import fixture from '../fixtures/v1/raw.alerts.json';
import { LONG, expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { ZAlertArea, ZExternalAlertEventV1, ZExternalAlertV1 } from './alerts';

const payload = fixture.payload;

const usgs = {
  format: 'usgs_geojson',
  sender: 'usgs',
  identifier: 'us6000len8',
  sent: '2023-09-08T22:11:01.040Z',
  status: 'Actual',
  msgType: 'Alert',
  category: ['Geo'],
  event: 'Earthquake',
  urgency: 'Past',
  severity: 'Severe',
  certainty: 'Observed',
  headline: 'M 6.8 - 56 km WSW of Oukaïmedene, Morocco',
  web: 'https://earthquake.usgs.gov/earthquakes/eventpage/us6000len8',
  parameters: [
    { name: 'mag', value: '6.8' },
    { name: 'depth_km', value: '19' },
    { name: 'alert', value: 'red' },
  ],
  areas: [{ description: 'Epicentre', circles: [{ center: { lon: -8.3933, lat: 31.0583 }, radiusKm: 0 }] }],
};

describe('ZExternalAlertV1', () => {
  it('accepts a CAP update, a USGS quake, and a geocode-only area', () => {
    expectValid(ZExternalAlertV1, payload);
    expectValid(ZExternalAlertV1, usgs);
    expectValid(ZExternalAlertV1, {
      ...usgs,
      format: 'cap',
      sender: 'meteoalarm',
      identifier: '2.49.0.0.70.0.BA.240106143004.1014_1',
      areas: [{ description: 'Sarajevo', geocodes: [{ name: 'EMMA_ID', value: 'BA004' }] }],
    });
  });

  it.each([
    ['format', 'rss'],
    ['sender', 'w nws'],
    ['identifier', 'a,b'],
    ['identifier', 'a&b'],
    ['sent', '2024-09-14T07:45:00'],
    ['status', 'actual'],
    ['msgType', 'Upgrade'],
    ['references[0].sent', 'yesterday'],
    ['category', []],
    ['category[0]', 'Weather'],
    ['event', ''],
    ['urgency', 'Now'],
    ['severity', 'Critical'],
    ['certainty', 'Sure'],
    ['headline', 'two\nlines'],
    ['description', LONG(16_001)],
    ['expires', '15/09/2024'],
    ['web', 'www.inam.gov.mz'],
    ['areas[0].description', ''],
    ['areas[0].circles[0].radiusKm', -1],
    ['areas[0].circles[0].center.lat', 119.8],
  ])('rejects %s = %s', (path, value) =>
    expectInvalidAt(ZExternalAlertV1, withPatch(payload, path, value), path),
  );

  it('rejects an unclosed area polygon', () => {
    const ring = payload.areas[0]!.polygons[0]!.coordinates[0]!.slice(0, 4);
    expectInvalidAt(
      ZExternalAlertV1,
      withPatch(payload, 'areas[0].polygons[0].coordinates', [ring]),
      'areas[0].polygons[0].coordinates[0]',
    );
  });

  it('allows a ceiling only above an altitude', () => {
    expectValid(ZAlertArea, { description: 'Airspace', altitudeFt: 0, ceilingFt: 10_000 });
    expectInvalidAt(ZAlertArea, { description: 'Airspace', ceilingFt: 10_000 }, 'ceilingFt');
    expectInvalidAt(
      ZAlertArea,
      { description: 'Airspace', altitudeFt: 5_000, ceilingFt: 1_000 },
      'ceilingFt',
    );
  });

  it('is carried in an external_alert v1 envelope', () => {
    expectValid(ZExternalAlertEventV1, fixture);
    expectInvalidAt(ZExternalAlertEventV1, withPatch(fixture, 'type', 'alert'), 'type');
  });
});
