/** POST /api/auth/logout — 204; revokes the session, clears the cookie, closes that session's sockets. */
import { SESSION_COOKIE } from '@vigie/contracts/auth-api';
import { recordAudit } from '@vigie/db/audit-repository';
import { deleteSession, findActiveSession } from '@vigie/db/sessions-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie } from '../auth/session-cookie';
import { hashSessionToken, isSessionTokenShape } from '../auth/session-token';
import type { GatewayServices } from '../gateway-services';

export function logoutHandler(services: GatewayServices, onSessionEnded: (tokenHash: string) => void) {
  const { db } = services.database;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    if (token !== undefined && isSessionTokenShape(token)) {
      const tokenHash = hashSessionToken(token);
      const found = await findActiveSession(db, tokenHash, new Date());
      if (await deleteSession(db, tokenHash)) {
        await recordAudit(db, {
          actor: found?.user.id ?? 'anonymous',
          action: 'auth.logout',
          outcome: 'ok',
          ip: request.ip,
        });
      }
      onSessionEnded(tokenHash);
    }
    clearSessionCookie(reply, services.config);
    await reply.code(204).send();
  };
}
