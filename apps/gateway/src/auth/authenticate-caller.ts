/**
 * Who calls a read endpoint meant for integrations: an API key (`Authorization: Bearer <token>`, which
 * must hold `scope`) or a logged-in user (session cookie, whose role must hold `permission`). No
 * credentials → 401; credentials without the right → 403, audited.
 */
import { AppError } from '@vigie/contracts/errors';
import { can } from '@vigie/contracts/roles';
import type { TPermission } from '@vigie/contracts/roles';
import type { ApiKeyScope } from '@vigie/db/api-keys-repository';
import { verifyApiKey } from '@vigie/db/api-keys-repository';
import { recordAudit } from '@vigie/db/audit-repository';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayServices } from '../gateway-services';
import { requestSession } from './request-user';

export type Caller =
  { kind: 'apiKey'; id: string; source: string } | { kind: 'user'; id: string; role: string };

export async function authenticateCaller(
  services: GatewayServices,
  request: FastifyRequest,
  reply: FastifyReply,
  needs: { scope: ApiKeyScope; permission: TPermission },
): Promise<Caller> {
  const { db } = services.database;
  const denied = async (actor: string, detail: Record<string, unknown>) => {
    await recordAudit(db, {
      actor,
      action: 'access.denied',
      target: `http:${request.method} ${request.routeOptions.url ?? request.url}`,
      outcome: 'denied',
      ip: request.ip,
      detail,
    });
    throw new AppError('FORBIDDEN', 'These credentials do not allow this');
  };
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const key = match?.[1] === undefined ? null : await verifyApiKey(db, match[1]);
    if (key === null) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked API key');
    if (!key.scopes.includes(needs.scope)) return denied(key.id, { scopes: key.scopes, needs: needs.scope });
    return { kind: 'apiKey', id: key.id, source: key.source };
  }
  const session = await requestSession(services, request, reply);
  if (session === null) throw new AppError('UNAUTHENTICATED', 'Log in or send an API key');
  if (!can(session.user.role, needs.permission)) {
    return denied(session.user.id, { role: session.user.role, needs: needs.permission });
  }
  return { kind: 'user', id: session.user.id, role: session.user.role };
}
