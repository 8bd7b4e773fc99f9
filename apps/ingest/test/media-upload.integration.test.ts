/**
 * Media uploads on the embedded log + PGlite, files in a local directory store: raw and multipart
 * uploads typed by their bytes, thumbnails of images, references to media stored elsewhere, and refusals.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import type { Log } from '@vigie/bus/log';
import { createApiKey } from '@vigie/db/api-keys-repository';
import { createDb } from '@vigie/db/create-db';
import type { Database } from '@vigie/db/database';
import { uniqueName } from '@vigie/testing/unique-name';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIngest, collectTopics, testConfig } from './ingest-harness';
import type { Collector, IngestUnderTest } from './ingest-harness';

describe('media uploads on the embedded log + PGlite', () => {
  const logDirectory = mkdtempSync(join(tmpdir(), 'vigie-media-log-'));
  const mediaDirectory = mkdtempSync(join(tmpdir(), 'vigie-media-store-'));
  let db: Database;
  let log: Log;
  let ingest: IngestUnderTest;
  let topics: Collector;
  let token: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    db = await createDb({});
    await db.migrate();
    log = await openEmbeddedLog({ directory: logDirectory });
    ingest = await buildIngest(
      db,
      log,
      testConfig({ mediaStorage: { kind: 'local', directory: mediaDirectory } }),
    );
    topics = await collectTopics(log, ingest.config);
    ({ token } = await createApiKey(db.db, {
      source: uniqueName('drone').replaceAll('_', '-'),
      scopes: ['events:media'],
    }));
    jpeg = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 80, b: 40 } },
    })
      .jpeg()
      .toBuffer();
  });

  afterAll(async () => {
    await topics?.close();
    await ingest?.app.close();
    await log?.close();
    await db?.close();
    rmSync(logDirectory, { recursive: true, force: true });
    rmSync(mediaDirectory, { recursive: true, force: true });
  });

  const upload = (
    body: Buffer | string,
    contentType: string,
    query = '',
    headers: Record<string, string> = {},
  ) =>
    ingest.app.inject({
      method: 'POST',
      url: `/api/v1/media${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
      payload: body,
    });

  it('stores a raw upload typed by its bytes, with a thumbnail, and publishes it on raw.media', async () => {
    const footprint = {
      type: 'Polygon',
      coordinates: [
        [
          [-73.76, 18.19],
          [-73.74, 18.19],
          [-73.74, 18.2],
          [-73.76, 18.2],
          [-73.76, 18.19],
        ],
      ],
    };
    const response = await upload(
      jpeg,
      'image/png',
      `?capturedAt=2021-08-16T14:00:00Z&lon=-73.75&lat=18.195&bearing=270`,
      {
        'x-vigie-footprint': JSON.stringify(footprint),
        'x-vigie-caption': 'Pont de la Ravine du Sud',
      },
    );
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json();
    expect(answer).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
    expect(answer.warnings[0]).toContain('declared type image/png ignored');
    const stored = readFileSync(fileURLToPath(answer.uri));
    expect(stored.equals(jpeg)).toBe(true);
    const thumbnail = await sharp(readFileSync(fileURLToPath(answer.thumbnailUri))).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([320, 213]);

    const [event] = await topics.waitForMessages('raw.media', (m) => m.key === answer.mediaId, 1);
    expect(event!.value).toMatchObject({
      type: 'media',
      occurredAt: '2021-08-16T14:00:00.000Z',
      geo: { lon: -73.75, lat: 18.195 },
      payload: {
        kind: 'image',
        width: 1200,
        height: 800,
        bearing: 270,
        footprint,
        caption: 'Pont de la Ravine du Sud',
        sizeBytes: jpeg.length,
        thumbnailUri: answer.thumbnailUri,
      },
    });
  });

  it('places a phone photo from its EXIF GPS tags when the request gives no position', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } })
      .jpeg()
      .withExif({
        IFD2: { DateTimeOriginal: '2021:08:16 11:30:00', OffsetTimeOriginal: '-04:00' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '18/1 39/1 0/1',
          GPSLongitudeRef: 'W',
          GPSLongitude: '74/1 6/1 36/1',
          GPSImgDirection: '90/1',
        },
      })
      .toBuffer();
    const response = await upload(photo, 'application/octet-stream');
    expect(response.statusCode, response.body).toBe(201);
    const [event] = await topics.waitForMessages('raw.media', (m) => m.key === response.json().mediaId, 1);
    expect(event!.value).toMatchObject({
      occurredAt: '2021-08-16T15:30:00.000Z',
      geo: { lon: -(74 + 6 / 60 + 36 / 3600), lat: 18.65 },
      payload: { bearing: 90 },
    });
  });

  it('takes a multipart upload with its fields', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: '#00ff00' } })
      .png()
      .toBuffer();
    const boundary = 'vigieBoundary42';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="capturedAt"\r\n\r\n2021-08-16T15:00:00Z\r\n`,
      ),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="lon"\r\n\r\n-74.11\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="lat"\r\n\r\n18.65\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await upload(body, `multipart/form-data; boundary=${boundary}`);
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json();
    expect(answer.mime).toBe('image/png');
    const [event] = await topics.waitForMessages('raw.media', (m) => m.key === answer.mediaId, 1);
    expect(event!.value).toMatchObject({
      occurredAt: '2021-08-16T15:00:00.000Z',
      geo: { lon: -74.11, lat: 18.65 },
    });
  });

  it('publishes a reference to media stored elsewhere without uploading anything', async () => {
    const reference = {
      uri: 's3://sentinel-imagery/2021/08/16/tile.tif',
      kind: 'image',
      mime: 'image/tiff',
      sizeBytes: 123_456,
      capturedAt: '2021-08-16T15:30:00Z',
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [-74, 18],
            [-73, 18],
            [-73, 19],
            [-74, 19],
            [-74, 18],
          ],
        ],
      },
    };
    const response = await upload(JSON.stringify(reference), 'application/json');
    expect(response.statusCode, response.body).toBe(201);
    const [event] = await topics.waitForMessages('raw.media', (m) => m.key === response.json().mediaId, 1);
    expect(event!.value.payload).toMatchObject({ uri: reference.uri, sizeBytes: 123_456 });
  });

  it('refuses what is not an image or video, bad metadata, and keys without the scope', async () => {
    const script = await upload('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/jpeg');
    expect(script.statusCode).toBe(415);
    const outside = await upload(jpeg, 'image/jpeg', '?lon=200&lat=0');
    expect(outside.statusCode).toBe(400);
    const badReference = await upload(
      JSON.stringify({ uri: 'javascript:alert(1)', kind: 'image', mime: 'image/png' }),
      'application/json',
    );
    expect(badReference.statusCode).toBe(400);
    const positionsOnly = await createApiKey(db.db, {
      source: uniqueName('p').replaceAll('_', '-'),
      scopes: ['events:position'],
    });
    const forbidden = await ingest.app.inject({
      method: 'POST',
      url: '/api/v1/media',
      headers: { authorization: `Bearer ${positionsOnly.token}`, 'content-type': 'image/jpeg' },
      payload: jpeg,
    });
    expect(forbidden.statusCode).toBe(403);
    expect(existsSync(mediaDirectory)).toBe(true);
  });

  it('refuses a body above the media limit with 413 and keeps serving', async () => {
    const small = await buildIngest(
      db,
      log,
      testConfig({ mediaStorage: { kind: 'local', directory: mediaDirectory }, mediaMaxBodyBytes: 4_096 }),
    );
    try {
      const big = Buffer.concat([jpeg, Buffer.alloc(200_000)]);
      const response = await small.app.inject({
        method: 'POST',
        url: '/api/v1/media',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
        payload: big,
      });
      expect(response.statusCode).toBe(413);
      const after = await upload(jpeg, 'image/jpeg');
      expect(after.statusCode).toBe(201);
    } finally {
      await small.app.close();
    }
  });
});
