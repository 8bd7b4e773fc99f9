/**
 * From a session cookie to the logged-in user, with sliding renewal: a session used in the second half
 * of its lifetime is extended to a full lifetime again (the caller re-sends the cookie).
 */
import { fastifyCookie } from '@fastify/cookie';
import { SESSION_COOKIE, ZLocale } from '@vigie/contracts/auth-api';
import type { TSessionUser } from '@vigie/contracts/auth-api';
import { extendSession, findActiveSession } from '@vigie/db/sessions-repository';
import type { UserDto } from '@vigie/db/users-repository';
import type { GatewayServices } from '../gateway-services';
import { hashSessionToken, isSessionTokenShape } from './session-token';

export interface AuthenticatedSession {
  user: TSessionUser;
  tokenHash: string;
  expiresAt: Date;
  /** True when the expiry moved: send the cookie again with the new lifetime. */
  renewed: boolean;
}

export function toSessionUser(user: UserDto): TSessionUser {
  const locale = ZLocale.safeParse(user.locale);
  return {
    id: user.id,
    email: user.email,
    name: user.name.slice(0, 200),
    role: user.role,
    locale: locale.success ? locale.data : 'fr',
  };
}

/** The session token in a raw `Cookie` header, if any. */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  return fastifyCookie.parse(header)[SESSION_COOKIE];
}

export async function authenticateSession(
  services: GatewayServices,
  token: string | undefined,
  options: { renew?: boolean } = {},
): Promise<AuthenticatedSession | null> {
  if (token === undefined || !isSessionTokenShape(token)) return null;
  const tokenHash = hashSessionToken(token);
  const now = new Date();
  const found = await findActiveSession(services.database.db, tokenHash, now);
  if (found === null) return null;
  const ttl = services.config.sessionTtlMs;
  let expiresAt = found.session.expiresAt;
  let renewed = false;
  if ((options.renew ?? true) && expiresAt.getTime() - now.getTime() < ttl / 2) {
    expiresAt = new Date(now.getTime() + ttl);
    await extendSession(services.database.db, tokenHash, expiresAt, now);
    renewed = true;
  }
  return { user: toSessionUser(found.user), tokenHash, expiresAt, renewed };
}
