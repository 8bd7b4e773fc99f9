import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/v1/raw.media.json';
import { expectInvalidAt, expectValid, withPatch } from '../test/expect-schema';
import { MEDIA_MAX_BYTES, ZMediaEventV1, ZMediaV1 } from './media';

const payload = fixture.payload;

describe('ZMediaV1', () => {
  it('accepts a photo with a position and a drone video with a footprint', () => {
    expectValid(ZMediaV1, payload);
    expectValid(ZMediaV1, {
      mediaId: 'vid-1',
      kind: 'video',
      uri: 'https://media.example.org/vid-1.mp4',
      mime: 'video/mp4',
      sizeBytes: 52_000_000,
      capturedAt: '2024-09-14T09:00:00Z',
      durationS: 64,
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [34.85, -19.84],
            [34.86, -19.84],
            [34.86, -19.83],
            [34.85, -19.84],
          ],
        ],
      },
    });
  });

  it.each([
    ['mediaId', ''],
    ['kind', 'audio'],
    ['uri', 'data:image/jpeg;base64,AAAA'],
    ['mime', 'video/mp4'],
    ['mime', 'jpeg'],
    ['sizeBytes', -1],
    ['sizeBytes', MEDIA_MAX_BYTES + 1],
    ['sizeBytes', 10.5],
    ['capturedAt', '2024-09-14T08:00:55'],
    ['position.lon', 500],
    ['width', 0],
    ['sha256', 'ABC'],
  ])('rejects %s = %s', (path, value) => expectInvalidAt(ZMediaV1, withPatch(payload, path, value), path));

  it('rejects a footprint that is not an area', () =>
    expectInvalidAt(
      ZMediaV1,
      withPatch(payload, 'footprint', { type: 'Point', coordinates: [0, 0] }),
      'footprint.type',
    ));

  it('rejects an unclosed footprint ring', () =>
    expectInvalidAt(
      ZMediaV1,
      withPatch(payload, 'footprint', {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
      'footprint.coordinates[0]',
    ));

  it('is carried in a media v1 envelope', () => {
    expectValid(ZMediaEventV1, fixture);
    expectInvalidAt(ZMediaEventV1, withPatch(fixture, 'id', '9b2f4e0e-2d7b-4c6e-9d59-2f3f8c1b8a11'), 'id');
  });
});

describe('media thumbnail', () => {
  it('carries the object-storage URI of a preview image', () => {
    const media = {
      mediaId: 'm-1',
      kind: 'image',
      uri: 'file:///data/media/m-1.jpg',
      thumbnailUri: 'file:///data/media/m-1.thumb.jpg',
      mime: 'image/jpeg',
      sizeBytes: 10,
      capturedAt: '2021-08-16T14:00:00Z',
    };
    expect(ZMediaV1.parse(media).thumbnailUri).toBe('file:///data/media/m-1.thumb.jpg');
    expect(ZMediaV1.safeParse({ ...media, thumbnailUri: 'javascript:alert(1)' }).success).toBe(false);
  });
});
