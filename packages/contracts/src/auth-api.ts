// Login and session endpoints of the gateway (plain HTTP under /api/auth, same origin as the web app).
//   POST /api/auth/login   ZLoginRequest → 200 ZSessionUser (sets the httpOnly `vigie_session` cookie) | 401 error body
//   POST /api/auth/logout  → 204 (clears the cookie, revokes the session)
//   GET  /api/auth/me      → 200 ZSessionUser | 401 error body
import { z } from 'zod';
import { ZRole } from './roles';
import { ZId, boundedLine } from './primitives';

export const SESSION_COOKIE = 'vigie_session';

export const ZLocale = z.enum(['fr', 'en']);
export type TLocale = z.infer<typeof ZLocale>;

export const ZEmail = z.email().max(254);

export const ZLoginRequest = z.object({
  email: ZEmail,
  password: z.string().min(1).max(1024),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZSessionUser = z.object({
  id: ZId,
  email: ZEmail,
  name: boundedLine(200),
  role: ZRole,
  locale: ZLocale,
});
export type TSessionUser = z.infer<typeof ZSessionUser>;
