import { describe, expect, it } from 'vitest';
import { checkGeoJson } from './check-rfc7946';

const point = {
  type: 'Feature',
  id: 'a',
  geometry: { type: 'Point', coordinates: [2.35, 48.85] },
  properties: {},
};

describe('checkGeoJson', () => {
  it('accepts valid collections, null geometries and properties, polygons with closed rings', () => {
    const square = [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ];
    const collection = {
      type: 'FeatureCollection',
      features: [
        point,
        { type: 'Feature', geometry: null, properties: null },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: square }, properties: { n: 1 } },
      ],
    };
    expect(checkGeoJson(collection)).toEqual([]);
  });

  it.each([
    ['a crs member', { type: 'FeatureCollection', crs: {}, features: [] }, '$: crs is not allowed'],
    [
      'latitude first out of range',
      { ...point, geometry: { type: 'Point', coordinates: [10, 95] } },
      'out of range',
    ],
    ['a missing geometry', { type: 'Feature', properties: {} }, 'geometry: required'],
    ['an object id', { ...point, id: { x: 1 } }, 'id: must be a string or a number'],
    [
      'an open ring',
      {
        ...point,
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
      },
      'closed',
    ],
    ['a one-point line', { ...point, geometry: { type: 'LineString', coordinates: [[0, 0]] } }, 'at least 2'],
    [
      'string coordinates',
      { ...point, geometry: { type: 'Point', coordinates: ['1', '2'] } },
      'finite numbers',
    ],
  ])('rejects %s', (_label, value, message) => {
    expect(checkGeoJson(value).join(' ')).toContain(message);
  });
});
