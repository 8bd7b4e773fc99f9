/** The session cookie as the browser gets it: httpOnly, SameSite=Lax, whole site, Secure when configured. */
import type { CookieSerializeOptions } from '@fastify/cookie';
import { SESSION_COOKIE } from '@vigie/contracts/auth-api';
import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../env';

function cookieOptions(config: GatewayConfig): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: config.cookieSecure };
}

export function setSessionCookie(
  reply: FastifyReply,
  config: GatewayConfig,
  token: string,
  expiresAt: Date,
): void {
  const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(config), maxAge });
}

export function clearSessionCookie(reply: FastifyReply, config: GatewayConfig): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}
