// tRPC procedure `media.list` (media on the map by box and time) and the media file URLs of the gateway.
import { z } from 'zod';
import { ZMediaKind } from './media';
import { ZAreaGeometry, ZHeading, ZId, ZIsoDateTime, ZLonLat, ZMimeType, boundedLine } from './primitives';

export const MEDIA_LIST_MAX = 500;

export const ZMediaListInput = z
  .object({
    /** `[west, south, east, north]`, degrees. */
    bbox: z
      .tuple([
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
      ])
      .refine(([w, s, e, n]) => w <= e && s <= n, { error: 'bbox must be [west, south, east, north]' })
      .optional(),
    from: ZIsoDateTime.optional(),
    to: ZIsoDateTime.optional(),
    limit: z.int().min(1).max(MEDIA_LIST_MAX).default(200),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    error: 'from must be before to',
    path: ['to'],
  });
export type TMediaListInput = z.input<typeof ZMediaListInput>;

export const ZMediaItem = z.object({
  mediaId: ZId,
  kind: ZMediaKind,
  mime: ZMimeType.optional(),
  caption: boundedLine(500).optional(),
  bearing: ZHeading.optional(),
  position: ZLonLat.optional(),
  footprint: ZAreaGeometry.optional(),
  capturedAt: ZIsoDateTime.optional(),
  source: z.string().max(64).optional(),
  /** Gateway path of the thumbnail (logged-in users), when there is one. */
  thumbnailUrl: z.string().startsWith('/api/v1/media/').optional(),
  /** Gateway path of the file, when it is kept in Vigie's object store. */
  fileUrl: z.string().startsWith('/api/v1/media/'),
});
export type TMediaItem = z.infer<typeof ZMediaItem>;

export const ZMediaList = z.object({ items: z.array(ZMediaItem).max(MEDIA_LIST_MAX) });
export type TMediaList = z.infer<typeof ZMediaList>;

export function mediaFileUrl(mediaId: string, variant: 'file' | 'thumbnail'): string {
  return `/api/v1/media/${encodeURIComponent(mediaId)}/${variant}`;
}
