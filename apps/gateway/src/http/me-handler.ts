/** GET /api/auth/me — 200 ZSessionUser, or 401 without a valid session. */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { AppError } from '@vigie/contracts/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestSession } from '../auth/request-user';
import type { GatewayServices } from '../gateway-services';

export function meHandler(services: GatewayServices) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<TSessionUser> => {
    const session = await requestSession(services, request, reply);
    if (session === null) throw new AppError('UNAUTHENTICATED', 'Not logged in');
    return session.user;
  };
}
