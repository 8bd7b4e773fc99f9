/**
 * GET /api/v1/media/:mediaId/file and /api/v1/media/:mediaId/thumbnail — the bytes of a media (or its
 * thumbnail) from Vigie's object store, for logged-in users who see the whole map (`map.view`; field
 * staff do not) or API keys with `read`. 404 for an unknown media, a media without thumbnail, or one kept in another store. The
 * stored type is sent with `nosniff` and a CSP that runs nothing, so a file can never act as a page.
 */
import { AppError } from '@vigie/contracts/errors';
import { getMedia } from '@vigie/db/media-repository';
import type { ObjectStore } from '@vigie/ingest/media/object-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateCaller } from '../auth/authenticate-caller';
import type { GatewayServices } from '../gateway-services';

export function getMediaFileHandler(services: GatewayServices, store: ObjectStore) {
  return async (
    request: FastifyRequest<{ Params: { mediaId: string; variant: string } }>,
    reply: FastifyReply,
  ) => {
    await authenticateCaller(services, request, reply, { scope: 'read', permission: 'map.view' });
    const { mediaId, variant } = request.params;
    if (variant !== 'file' && variant !== 'thumbnail') {
      throw new AppError('NOT_FOUND', 'Ask for /api/v1/media/<media id>/file or /thumbnail');
    }
    const media = await getMedia(services.database.db, mediaId.slice(0, 128));
    if (media === null) throw new AppError('NOT_FOUND', `No media ${mediaId.slice(0, 128)}`);
    const uri = variant === 'thumbnail' ? media.thumbnailUri : media.uri;
    if (uri === null) throw new AppError('NOT_FOUND', `Media ${media.id} has no thumbnail`);
    const bytes = await store.get(uri);
    if (bytes === undefined) {
      throw new AppError('NOT_FOUND', `The ${variant} of media ${media.id} is not in Vigie's object store`);
    }
    const type = variant === 'thumbnail' ? 'image/jpeg' : (media.mimeType ?? 'application/octet-stream');
    return reply
      .header('content-type', type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(bytes);
  };
}
