/** The media repository on one backend: upsert by id, positions and footprints, bbox and time queries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database';
import { getMedia, listMedia, upsertMedia } from '../src/media-repository';

const base = {
  kind: 'image' as const,
  mimeType: 'image/jpeg',
  sizeBytes: 1234,
  source: 'drone-sud',
  receivedAt: new Date('2021-08-16T14:05:00Z'),
};

export function runMediaSuite(
  name: string,
  open: () => Promise<Database>,
  dispose?: () => Promise<void>,
): void {
  describe(name, () => {
    let database: Database;
    beforeAll(async () => {
      database = await open();
      await database.migrate();
      await upsertMedia(database.db, {
        ...base,
        id: 'm-cayes',
        uri: 'file:///data/media/m-cayes.jpg',
        thumbnailUri: 'file:///data/media/m-cayes.thumb.jpg',
        position: { lon: -73.75, lat: 18.19 },
        bearing: 270,
        capturedAt: new Date('2021-08-16T14:00:00Z'),
        attrs: { width: 1200 },
      });
      await upsertMedia(database.db, {
        ...base,
        id: 'm-survey',
        uri: 's3://imagery/survey.tif',
        footprint: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [-74.2, 18.6],
                [-74.0, 18.6],
                [-74.0, 18.7],
                [-74.2, 18.7],
                [-74.2, 18.6],
              ],
            ],
            [
              [
                [-73.9, 18.6],
                [-73.8, 18.6],
                [-73.8, 18.7],
                [-73.9, 18.6],
              ],
            ],
          ],
        },
        capturedAt: new Date('2021-08-16T16:00:00Z'),
      });
    });
    afterAll(async () => {
      await database?.close();
      await dispose?.();
    });

    it('reads a media row back with its position, thumbnail and attributes', async () => {
      const media = await getMedia(database.db, 'm-cayes');
      expect(media).toMatchObject({
        uri: 'file:///data/media/m-cayes.jpg',
        thumbnailUri: 'file:///data/media/m-cayes.thumb.jpg',
        position: { lon: -73.75, lat: 18.19 },
        bearing: 270,
        sizeBytes: 1234,
        attrs: { width: 1200 },
        footprint: null,
      });
      expect(media?.capturedAt?.toISOString()).toBe('2021-08-16T14:00:00.000Z');
    });

    it('stores a multi-polygon footprint as its hull and finds media by box and time', async () => {
      const survey = await getMedia(database.db, 'm-survey');
      expect(survey?.footprint?.type).toBe('Polygon');
      const cayes = { west: -73.8, south: 18.1, east: -73.7, north: 18.3 };
      expect((await listMedia(database.db, { bbox: cayes, limit: 10 })).map((m) => m.id)).toEqual([
        'm-cayes',
      ]);
      // The box is between the two survey polygons: inside the hull only.
      const between = { west: -73.97, south: 18.64, east: -73.93, north: 18.66 };
      expect((await listMedia(database.db, { bbox: between, limit: 10 })).map((m) => m.id)).toEqual([
        'm-survey',
      ]);
      const afternoon = await listMedia(database.db, { from: new Date('2021-08-16T15:00:00Z'), limit: 10 });
      expect(afternoon.map((m) => m.id)).toEqual(['m-survey']);
      expect((await listMedia(database.db, { limit: 10 })).map((m) => m.id)).toEqual(['m-survey', 'm-cayes']);
    });

    it('replaces a media row sent again with the same id', async () => {
      await upsertMedia(database.db, {
        ...base,
        id: 'm-cayes',
        uri: 'file:///data/media/m-cayes.jpg',
        caption: 'Pont',
        capturedAt: new Date('2021-08-16T14:00:00Z'),
      });
      const media = await getMedia(database.db, 'm-cayes');
      expect(media).toMatchObject({ caption: 'Pont', thumbnailUri: null, position: null });
    });
  });
}
