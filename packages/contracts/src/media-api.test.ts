import { describe, expect, it } from 'vitest';
import { ZMediaListInput, mediaFileUrl } from './media-api';

describe('media.list input', () => {
  it('takes a box, a time window and a limit', () => {
    expect(ZMediaListInput.parse({ bbox: [-74.5, 18, -73, 19], from: '2021-08-16T00:00:00Z' })).toMatchObject(
      { limit: 200 },
    );
  });
  it('refuses an inverted box, an inverted window and too large a limit', () => {
    expect(ZMediaListInput.safeParse({ bbox: [-73, 18, -74.5, 19] }).success).toBe(false);
    expect(
      ZMediaListInput.safeParse({ from: '2021-08-17T00:00:00Z', to: '2021-08-16T00:00:00Z' }).success,
    ).toBe(false);
    expect(ZMediaListInput.safeParse({ limit: 10_000 }).success).toBe(false);
  });
});

it('builds gateway paths with the id escaped', () => {
  expect(mediaFileUrl('m-1/../x', 'thumbnail')).toBe('/api/v1/media/m-1%2F..%2Fx/thumbnail');
});
