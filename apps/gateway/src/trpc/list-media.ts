/** `media.list`: images and videos whose position or footprint lies in a box, captured in a time window. */
import { ZMediaList, ZMediaListInput, mediaFileUrl } from '@vigie/contracts/media-api';
import type { TMediaItem } from '@vigie/contracts/media-api';
import { listMedia } from '@vigie/db/media-repository';
import type { MediaDto } from '@vigie/db/media-repository';
import { procedureWith } from './trpc-init';

export function toMediaItem(media: MediaDto): TMediaItem {
  return {
    mediaId: media.id,
    kind: media.kind,
    fileUrl: mediaFileUrl(media.id, 'file'),
    ...(media.mimeType === null ? {} : { mime: media.mimeType }),
    ...(media.caption === null ? {} : { caption: media.caption }),
    ...(media.bearing === null ? {} : { bearing: media.bearing }),
    ...(media.position === null ? {} : { position: media.position }),
    ...(media.footprint === null ? {} : { footprint: media.footprint as TMediaItem['footprint'] }),
    ...(media.capturedAt === null ? {} : { capturedAt: media.capturedAt.toISOString() }),
    ...(media.source === null ? {} : { source: media.source }),
    ...(media.thumbnailUri === null ? {} : { thumbnailUrl: mediaFileUrl(media.id, 'thumbnail') }),
  };
}

export const listMediaProcedure = procedureWith('map.view')
  .input(ZMediaListInput)
  .output(ZMediaList)
  .query(async ({ ctx, input }) => {
    const [west, south, east, north] = input.bbox ?? [];
    const media = await listMedia(ctx.services.database.db, {
      limit: input.limit,
      ...(west === undefined || south === undefined || east === undefined || north === undefined
        ? {}
        : { bbox: { west, south, east, north } }),
      ...(input.from === undefined ? {} : { from: new Date(input.from) }),
      ...(input.to === undefined ? {} : { to: new Date(input.to) }),
    });
    return { items: media.map(toMediaItem) };
  });
