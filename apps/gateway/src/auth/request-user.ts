/**
 * The user behind an HTTP request (session cookie), looked up once per request; renews the cookie
 * when the session slid forward.
 */
import { SESSION_COOKIE } from '@vigie/contracts/auth-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayServices } from '../gateway-services';
import type { AuthenticatedSession } from './session-auth';
import { authenticateSession } from './session-auth';
import { setSessionCookie } from './session-cookie';

const resolved = new WeakMap<FastifyRequest, Promise<AuthenticatedSession | null>>();

export function requestSession(
  services: GatewayServices,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<AuthenticatedSession | null> {
  let pending = resolved.get(request);
  if (pending === undefined) {
    const token = request.cookies[SESSION_COOKIE];
    pending = authenticateSession(services, token).then((session) => {
      if (session?.renewed && token !== undefined)
        setSessionCookie(reply, services.config, token, session.expiresAt);
      return session;
    });
    resolved.set(request, pending);
  }
  return pending;
}
