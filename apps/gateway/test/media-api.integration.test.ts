/**
 * Media on the gateway (embedded log + PGlite): `media.list` by box and time, and the thumbnail and
 * file served from the local object store to logged-in users only, typed from the row with `nosniff`.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { upsertMedia } from '@vigie/db/media-repository';
import { createLocalObjectStore } from '@vigie/storage/local-object-store';
import { uniqueName } from '@vigie/testing/unique-name';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './gateway-harness';
import { startHarness } from './gateway-harness';

describe('media API (embedded log + PGlite)', () => {
  let harness: Harness;
  let mediaRoot: string;
  const folder = uniqueName('media-test');
  const mediaId = uniqueName('m');
  let thumbnail: Buffer;

  beforeAll(async () => {
    harness = await startHarness('embedded');
    mediaRoot = join(dirname(harness.config.pgliteDir), 'media');
    const store = createLocalObjectStore(mediaRoot);
    const file = Buffer.from('\0\0\0\x18ftypisom fake video bytes', 'latin1');
    thumbnail = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const stored = await store.put(`${folder}/${mediaId}.mp4`, file, 'video/mp4');
    const thumb = await store.put(`${folder}/${mediaId}.thumb.jpg`, thumbnail, 'image/jpeg');
    await upsertMedia(harness.database.db, {
      id: mediaId,
      uri: stored.uri,
      thumbnailUri: thumb.uri,
      kind: 'video',
      mimeType: 'video/mp4',
      sizeBytes: file.length,
      source: 'drone-sud',
      position: { lon: -73.75, lat: 18.19 },
      capturedAt: new Date('2021-08-16T14:00:00Z'),
      receivedAt: new Date('2021-08-16T14:01:00Z'),
    });
    await upsertMedia(harness.database.db, {
      id: `${mediaId}-elsewhere`,
      uri: 'https://imagery.example.org/tile.tif',
      kind: 'image',
      mimeType: 'image/tiff',
      sizeBytes: 10,
      source: 'satellite',
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [-74.2, 18.5],
            [-74, 18.5],
            [-74, 18.7],
            [-74.2, 18.5],
          ],
        ],
      },
      capturedAt: new Date('2021-08-16T16:00:00Z'),
      receivedAt: new Date('2021-08-16T16:01:00Z'),
    });
  });

  afterAll(async () => {
    await harness?.close();
    if (mediaRoot) rmSync(join(mediaRoot, folder), { recursive: true, force: true });
  });

  async function listMedia(cookie: string, input: unknown) {
    const url = `${harness.baseUrl}/api/trpc/media.list?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(url, { headers: { cookie } });
    return {
      status: response.status,
      body: (await response.json()) as {
        result?: { data: { items: { mediaId: string; thumbnailUrl?: string; fileUrl: string }[] } };
      },
    };
  }

  it('lists media by box and time with gateway URLs', async () => {
    const { cookie } = await harness.session('coordinator');
    const cayes = await listMedia(cookie, { bbox: [-73.8, 18.1, -73.7, 18.3] });
    expect(cayes.status).toBe(200);
    const items = cayes.body.result!.data.items.filter((i) => i.mediaId.startsWith(mediaId));
    expect(items).toEqual([
      expect.objectContaining({
        mediaId,
        kind: 'video',
        position: { lon: -73.75, lat: 18.19 },
        thumbnailUrl: `/api/v1/media/${mediaId}/thumbnail`,
        fileUrl: `/api/v1/media/${mediaId}/file`,
      }),
    ]);
    const afternoon = await listMedia(cookie, { from: '2021-08-16T15:00:00Z', to: '2021-08-16T17:00:00Z' });
    expect(afternoon.body.result!.data.items.map((i) => i.mediaId)).toContain(`${mediaId}-elsewhere`);
    expect(afternoon.body.result!.data.items.map((i) => i.mediaId)).not.toContain(mediaId);
  });

  it('serves the thumbnail and the file to users who see the whole map only', async () => {
    expect((await fetch(`${harness.baseUrl}/api/v1/media/${mediaId}/thumbnail`)).status).toBe(401);
    const field = await harness.session('field');
    const nearbyOnly = await fetch(`${harness.baseUrl}/api/v1/media/${mediaId}/thumbnail`, {
      headers: { cookie: field.cookie },
    });
    expect(nearbyOnly.status).toBe(403);
    const { cookie } = await harness.session('coordinator');
    const response = await fetch(`${harness.baseUrl}/api/v1/media/${mediaId}/thumbnail`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(thumbnail)).toBe(true);
    const file = await fetch(`${harness.baseUrl}/api/v1/media/${mediaId}/file`, { headers: { cookie } });
    expect(file.headers.get('content-type')).toBe('video/mp4');
  });

  it('answers 404 for an unknown media, a missing thumbnail, or a file kept elsewhere', async () => {
    const { cookie } = await harness.session('analyst');
    const get = (path: string) => fetch(`${harness.baseUrl}${path}`, { headers: { cookie } });
    expect((await get('/api/v1/media/no-such-media/file')).status).toBe(404);
    expect((await get(`/api/v1/media/${mediaId}-elsewhere/thumbnail`)).status).toBe(404);
    expect((await get(`/api/v1/media/${mediaId}-elsewhere/file`)).status).toBe(404);
    expect((await get(`/api/v1/media/${mediaId}/other`)).status).toBe(404);
  });
});
