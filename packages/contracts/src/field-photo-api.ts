// `POST /api/v1/field/photos`: a photo taken by field staff, sent before the report it belongs to.
import { z } from 'zod';
import { ZEventId } from './envelope';
import { ZAccuracy, ZId, ZIsoDateTime, ZLonLat } from './primitives';

/** Largest photo accepted, in bytes (the phone sends a JPEG of at most 1600 px, far smaller). */
export const FIELD_PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/** The request body is JSON (the gateway's same-origin guard refuses anything else), the photo in base64. */
export const ZUploadFieldPhotoInput = z.object({
  /** Client-generated, kept across retries: the same upload id is the same media. */
  uploadId: ZEventId,
  /** The image bytes in base64 (no `data:` prefix); its type is read from the bytes. */
  photoBase64: z
    .string()
    .min(16)
    .max(Math.ceil(FIELD_PHOTO_MAX_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'Expected base64' }),
  position: ZLonLat.optional(),
  positionAccuracy: ZAccuracy.optional(),
  capturedAt: ZIsoDateTime.optional(),
  /** The report the photo goes with (its `reportId`). */
  reportId: ZEventId.optional(),
  incidentId: ZId.optional(),
});
export type TUploadFieldPhotoInput = z.infer<typeof ZUploadFieldPhotoInput>;

export const ZUploadFieldPhotoResult = z.object({
  mediaId: ZId,
  thumbnailUrl: z.string().startsWith('/api/v1/media/').optional(),
  fileUrl: z.string().startsWith('/api/v1/media/'),
});
export type TUploadFieldPhotoResult = z.infer<typeof ZUploadFieldPhotoResult>;

/**
 * The media id of a field upload: the uploader's id and the upload id, so a retry lands on the same
 * media and one user's upload id can never replace another user's photo.
 */
export function fieldPhotoMediaId(userId: string, uploadId: string): string {
  return `field.${userId}.${uploadId}`;
}

/** The log source of a field upload: the user who sent it. */
export function fieldPhotoSource(userId: string): string {
  return `field:${userId}`;
}
