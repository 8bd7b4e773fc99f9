import { describe, expect, it } from 'vitest';
import { ZFeaturesExportQuery, ZTracksExportQuery } from './export-api';

const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-01T06:00:00Z' };

describe('ZFeaturesExportQuery', () => {
  it('parses a box and kinds from the query string, every kind by default', () => {
    const parsed = ZFeaturesExportQuery.parse({
      ...range,
      bbox: '34.5,-20,35,-19.5',
      kinds: 'positions,alerts',
    });
    expect(parsed.bbox).toEqual([34.5, -20, 35, -19.5]);
    expect(parsed.kinds).toEqual(['positions', 'alerts']);
    expect(ZFeaturesExportQuery.parse(range).kinds).toEqual([
      'positions',
      'readings',
      'reports',
      'alerts',
      'incidents',
    ]);
  });

  it.each([
    [
      'a range longer than a week',
      { ...range, to: '2026-03-09T00:00:00Z' },
      'An export covers at most 168 hours',
    ],
    ['a reversed range', { from: range.to, to: range.from }, 'from must be before to'],
    ['a box with three numbers', { ...range, bbox: '1,2,3' }, 'Expected four numbers'],
    ['an unknown kind', { ...range, kinds: 'positions,weather' }, 'Invalid option'],
  ])('rejects %s', (_label, query, message) => {
    const result = ZFeaturesExportQuery.safeParse(query);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.message).join(' ')).toContain(message);
  });
});

describe('ZTracksExportQuery', () => {
  it('parses a list of assets', () => {
    expect(ZTracksExportQuery.parse({ ...range, assets: 'truck-1, boat-2' }).assets).toEqual([
      'truck-1',
      'boat-2',
    ]);
  });
});
