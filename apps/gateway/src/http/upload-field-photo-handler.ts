/**
 * POST /api/v1/field/photos — a photo from field staff (logged in, `report.create`), sent by the phone's
 * outbox before the report it belongs to. JSON body (the same-origin guard admits nothing else) with the
 * photo in base64, at most `FIELD_PHOTO_MAX_BYTES`. The type is read from the first bytes, never from what
 * the phone says; only images are taken. The file and a thumbnail go to the media object store under
 * `media/field/<user>/<upload id>`, and a `media` event with the position, the report id and the incident
 * (one the user works on; checked and audited) goes to `raw.media` (the processor writes the row). The media id is made of the user and the client's upload id:
 * a retried upload is the same media, and nobody can overwrite someone else's.
 */
import { createHash } from 'node:crypto';
import { newEventId } from '@vigie/contracts/envelope';
import { AppError } from '@vigie/contracts/errors';
import {
  FIELD_PHOTO_MAX_BYTES,
  ZUploadFieldPhotoInput,
  fieldPhotoMediaId,
  fieldPhotoSource,
} from '@vigie/contracts/field-photo-api';
import type { TUploadFieldPhotoResult } from '@vigie/contracts/field-photo-api';
import { mediaFileUrl } from '@vigie/contracts/media-api';
import { parseTopicMessage } from '@vigie/contracts/topics';
import { sniffMediaType } from '@vigie/domain/sniff-media-type';
import { makeThumbnail } from '@vigie/storage/make-thumbnail';
import type { ObjectStore } from '@vigie/storage/object-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateCaller } from '../auth/authenticate-caller';
import { requestSession } from '../auth/request-user';
import type { GatewayServices } from '../gateway-services';
import { assertIncidentVisible } from '../trpc/field-scope';

/** Body limit of the route: the base64 photo and a little JSON around it. */
export const FIELD_PHOTO_BODY_LIMIT = Math.ceil(FIELD_PHOTO_MAX_BYTES / 3) * 4 + 16 * 1024;

/** Object keys allow fewer characters than ids. */
function keyPart(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function uploadFieldPhotoHandler(services: GatewayServices, store: ObjectStore) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.headers.authorization !== undefined) {
      throw new AppError('FORBIDDEN', 'Field photos are sent by logged-in users, not API keys');
    }
    const caller = await authenticateCaller(services, request, reply, {
      scope: 'events:media',
      permission: 'report.create',
    });
    const parsed = ZUploadFieldPhotoInput.safeParse(request.body);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'Expected { uploadId, photoBase64, position?, reportId?, … }', {
        issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const input = parsed.data;
    if (input.incidentId !== undefined) {
      // A photo documents one of my incidents only (roles that see every incident pass).
      const session = await requestSession(services, request, reply);
      if (session === null) throw new AppError('UNAUTHENTICATED', 'Log in');
      await assertIncidentVisible(services, session.user, request.ip, input.incidentId);
    }
    const bytes = Buffer.from(input.photoBase64, 'base64');
    if (bytes.length > FIELD_PHOTO_MAX_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `A photo may not exceed ${FIELD_PHOTO_MAX_BYTES} bytes`);
    }
    const sniffed = sniffMediaType(bytes);
    if (sniffed === undefined || sniffed.kind !== 'image') {
      throw new AppError('DECODE_FAILED', 'Not a photo this service recognises (JPEG, PNG, WebP, …)');
    }
    const mediaId = fieldPhotoMediaId(caller.id, input.uploadId);
    const folder = `media/field/${keyPart(caller.id)}`;
    const stored = await store.put(
      `${folder}/${keyPart(input.uploadId)}.${sniffed.extension}`,
      bytes,
      sniffed.mime,
    );
    const info = await makeThumbnail(bytes);
    const thumbnail =
      info.thumbnail === undefined
        ? undefined
        : await store.put(
            `${folder}/${keyPart(input.uploadId)}.thumb.jpg`,
            info.thumbnail.bytes,
            'image/jpeg',
          );
    const now = new Date().toISOString();
    const position = input.position ?? info.exif?.position;
    const capturedAt = input.capturedAt ?? now;
    const message = parseTopicMessage('raw.media', {
      id: newEventId(),
      type: 'media',
      v: 1,
      source: fieldPhotoSource(caller.id),
      occurredAt: capturedAt,
      receivedAt: now,
      ...(position === undefined ? {} : { geo: position }),
      payload: {
        mediaId,
        kind: 'image',
        uri: stored.uri,
        mime: sniffed.mime,
        sizeBytes: stored.sizeBytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        capturedAt,
        ...(thumbnail === undefined ? {} : { thumbnailUri: thumbnail.uri }),
        ...(position === undefined ? {} : { position }),
        ...(info.width === undefined ? {} : { width: info.width }),
        ...(info.height === undefined ? {} : { height: info.height }),
        ...(input.reportId === undefined ? {} : { reportId: input.reportId }),
        ...(input.incidentId === undefined ? {} : { incidentId: input.incidentId }),
      },
    });
    if (!message.ok) throw new AppError('VALIDATION_FAILED', message.summary.slice(0, 900));
    try {
      await services.log.produce(services.config.topics.rawMedia, [
        { key: message.key, value: JSON.stringify(message.message) },
      ]);
    } catch (error) {
      request.log.error({ err: error }, 'could not publish a field photo');
      throw new AppError('LOG_UNAVAILABLE', 'The photo could not be recorded; retry with the same uploadId');
    }
    services.logger.info(
      { mediaId, userId: caller.id, reportId: input.reportId, incidentId: input.incidentId },
      'field photo received',
    );
    const result: TUploadFieldPhotoResult = {
      mediaId,
      fileUrl: mediaFileUrl(mediaId, 'file'),
      ...(thumbnail === undefined ? {} : { thumbnailUrl: mediaFileUrl(mediaId, 'thumbnail') }),
    };
    return reply.code(201).send(result);
  };
}
