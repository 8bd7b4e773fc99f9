/**
 * POST /api/auth/login — ZLoginRequest → 200 ZSessionUser with the session cookie; 401 on a wrong
 * e-mail or password (the same answer, and the same argon2 cost, whether the e-mail exists or not);
 * 429 with Retry-After after too many failures for that e-mail from that address. Every outcome is
 * written to the audit log.
 */
import { ZLoginRequest } from '@vigie/contracts/auth-api';
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { AppError } from '@vigie/contracts/errors';
import { recordAudit } from '@vigie/db/audit-repository';
import { createSession } from '@vigie/db/sessions-repository';
import { findUserByEmail, recordLogin, updateUserPassword } from '@vigie/db/users-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password-hash';
import { toSessionUser } from '../auth/session-auth';
import { setSessionCookie } from '../auth/session-cookie';
import { hashSessionToken, newSessionToken } from '../auth/session-token';
import type { GatewayServices } from '../gateway-services';

export function loginHandler(services: GatewayServices) {
  const { db } = services.database;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<TSessionUser> => {
    const { email, password } = ZLoginRequest.parse(request.body);
    const ip = request.ip;
    const retryAfterMs = services.throttle.retryAfterMs(email, ip);
    if (retryAfterMs > 0) {
      services.metrics.logins.inc({ outcome: 'throttled' });
      await recordAudit(db, {
        actor: 'anonymous',
        action: 'auth.login',
        outcome: 'denied',
        ip,
        detail: { email, reason: 'throttled' },
      });
      reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
      throw new AppError('RATE_LIMITED', 'Too many failed logins; try again later', {
        retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
      });
    }

    const user = await findUserByEmail(db, email);
    // Unknown e-mail: verify against a dummy hash anyway, so both answers take as long.
    const matches = await verifyPassword(user?.passwordHash ?? services.dummyPasswordHash, password);
    if (user === null || !matches || user.disabled) {
      services.throttle.recordFailure(email, ip);
      services.metrics.logins.inc({ outcome: 'denied' });
      const reason = user === null ? 'unknown email' : !matches ? 'wrong password' : 'disabled';
      await recordAudit(db, {
        actor: user?.id ?? 'anonymous',
        action: 'auth.login',
        outcome: 'denied',
        ip,
        detail: { email, reason },
      });
      request.log.info({ reason }, 'login refused');
      throw new AppError('UNAUTHENTICATED', 'Wrong e-mail or password');
    }

    services.throttle.recordSuccess(email, ip);
    if (needsRehash(user.passwordHash)) await updateUserPassword(db, user.id, await hashPassword(password));
    const token = newSessionToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + services.config.sessionTtlMs);
    await createSession(db, {
      tokenHash: hashSessionToken(token),
      userId: user.id,
      expiresAt,
      userAgent: request.headers['user-agent'] ?? null,
    });
    await recordLogin(db, user.id, now);
    await recordAudit(db, { actor: user.id, action: 'auth.login', outcome: 'ok', ip });
    services.metrics.logins.inc({ outcome: 'ok' });
    setSessionCookie(reply, services.config, token, expiresAt);
    request.log.info({ userId: user.id }, 'logged in');
    return toSessionUser(user);
  };
}
