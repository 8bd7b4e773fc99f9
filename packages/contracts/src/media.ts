// raw.media: metadata of an image or video kept in object storage (the bytes never travel on the log).
import { z } from 'zod';
import { envelopeOf } from './envelope';
import {
  ZAreaGeometry,
  ZHeading,
  ZId,
  ZIsoDateTime,
  ZLonLat,
  ZMimeType,
  ZObjectUri,
  ZSha256Hex,
  boundedLine,
} from './primitives';

export const ZMediaKind = z.enum(['image', 'video']);
export type TMediaKind = z.infer<typeof ZMediaKind>;

export const MEDIA_MAX_BYTES = 10 * 1024 ** 3;

export const ZMediaV1 = z
  .object({
    mediaId: ZId,
    kind: ZMediaKind,
    uri: ZObjectUri,
    /** A small preview image in the same store, when one could be made. */
    thumbnailUri: ZObjectUri.optional(),
    mime: ZMimeType,
    sizeBytes: z.int().min(0).max(MEDIA_MAX_BYTES),
    capturedAt: ZIsoDateTime,
    /** Where the camera was. */
    position: ZLonLat.optional(),
    /** Direction the camera faced, degrees from true north. */
    bearing: ZHeading.optional(),
    /** Ground area covered (drone or satellite imagery). */
    footprint: ZAreaGeometry.optional(),
    width: z.int().min(1).max(100_000).optional(),
    height: z.int().min(1).max(100_000).optional(),
    durationS: z.number().min(0).max(86_400).optional(),
    sha256: ZSha256Hex.optional(),
    /** The report this media belongs to, as `reportId` in the same source. */
    reportId: ZId.optional(),
    /** The incident this media documents (a field photo sent from an assignment). */
    incidentId: ZId.optional(),
    caption: boundedLine(500).optional(),
  })
  .refine((m) => m.mime.startsWith(`${m.kind}/`), {
    error: 'mime must match kind (image/* for image, video/* for video)',
    path: ['mime'],
  })
  .meta({ description: 'Image or video metadata, v1' });
export type TMediaV1 = z.infer<typeof ZMediaV1>;

export const ZMediaEventV1 = envelopeOf('media', 1, ZMediaV1);
export type TMediaEventV1 = z.infer<typeof ZMediaEventV1>;
