/**
 * Cross-site request forgery guard for state-changing requests (POST, PUT, PATCH, DELETE):
 * - the body must be JSON (`Content-Type: application/json`): a cross-site HTML form cannot send
 *   that, and a cross-site script cannot without a CORS preflight, which the gateway never grants;
 * - when the browser says where the request comes from (`Origin`, `Sec-Fetch-Site`), it must be this
 *   site: the request's own host, or one of the configured origins.
 * The session cookie's SameSite=Lax is the third layer.
 */
import { AppError } from '@vigie/contracts/errors';
import type { FastifyRequest } from 'fastify';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether `origin` names this site: the request's host, or one of `allowedOrigins`. */
export function isSameOrigin(
  origin: string,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Throws FORBIDDEN or VALIDATION_FAILED when a state-changing request does not look same-site. */
export function checkSameOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new AppError('VALIDATION_FAILED', 'Content-Type must be application/json', {
      header: 'content-type',
    });
  }
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') throw new AppError('FORBIDDEN', 'Cross-site request refused');
  const origin = request.headers.origin;
  if (origin !== undefined && !isSameOrigin(origin, request.headers.host, allowedOrigins)) {
    throw new AppError('FORBIDDEN', 'Cross-origin request refused', { header: 'origin' });
  }
}
