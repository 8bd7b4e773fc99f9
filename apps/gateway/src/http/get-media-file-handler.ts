/**
 * GET /api/v1/media/:mediaId/file and /api/v1/media/:mediaId/thumbnail — the bytes of a media (or its
 * thumbnail) from Vigie's object store, for logged-in users who see the whole map (`map.view`) or API keys
 * with `read`. Field staff (`assignment.view_own`, no `map.view`) get the media they uploaded themselves
 * and the media of their incidents (linked directly or through the report they came with); anything else
 * is refused and audited. 404 for an unknown media, a media without thumbnail, or one kept in another
 * store. The stored type is sent with `nosniff` and a CSP that runs nothing, so a file can never act as a page.
 */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { AppError } from '@vigie/contracts/errors';
import { fieldPhotoSource } from '@vigie/contracts/field-photo-api';
import { can } from '@vigie/contracts/roles';
import { incidentIdsOfMedia } from '@vigie/db/media-access-repository';
import { getMedia } from '@vigie/db/media-repository';
import type { MediaDto } from '@vigie/db/media-repository';
import type { ObjectStore } from '@vigie/storage/object-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateCaller } from '../auth/authenticate-caller';
import { requestSession } from '../auth/request-user';
import type { GatewayServices } from '../gateway-services';
import { denyAndAudit, loadFieldScope } from '../trpc/field-scope';

/** Whether a field user may see this media: they sent it, or it belongs to one of their incidents. */
async function fieldUserMaySee(services: GatewayServices, user: TSessionUser, media: MediaDto) {
  if (media.source === fieldPhotoSource(user.id)) return true;
  const incidents = await incidentIdsOfMedia(services.database.db, media.id);
  if (incidents.length === 0) return false;
  const scope = await loadFieldScope(services, user);
  return incidents.some((id) => scope.incidentIds.includes(id));
}

export function getMediaFileHandler(services: GatewayServices, store: ObjectStore) {
  return async (
    request: FastifyRequest<{ Params: { mediaId: string; variant: string } }>,
    reply: FastifyReply,
  ) => {
    const session =
      request.headers.authorization === undefined ? await requestSession(services, request, reply) : null;
    const fieldUser =
      session !== null && !can(session.user.role, 'map.view') && can(session.user.role, 'assignment.view_own')
        ? session.user
        : null;
    await authenticateCaller(services, request, reply, {
      scope: 'read',
      permission: fieldUser === null ? 'map.view' : 'assignment.view_own',
    });
    const { mediaId, variant } = request.params;
    if (variant !== 'file' && variant !== 'thumbnail') {
      throw new AppError('NOT_FOUND', 'Ask for /api/v1/media/<media id>/file or /thumbnail');
    }
    const media = await getMedia(services.database.db, mediaId.slice(0, 128));
    if (fieldUser !== null && (media === null || !(await fieldUserMaySee(services, fieldUser, media)))) {
      // Unknown and not yours answer alike, so ids cannot be probed.
      await denyAndAudit(services, fieldUser, request.ip, `media:${mediaId.slice(0, 128)}`, 'Not your media');
    }
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
