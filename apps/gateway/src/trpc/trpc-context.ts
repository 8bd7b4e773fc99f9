/** What every tRPC procedure receives: the caller (or null), where the call comes from, and the services. */
import type { TSessionUser } from '@vigie/contracts/auth-api';
import type { FastifyBaseLogger } from 'fastify';
import type { GatewayServices } from '../gateway-services';

export interface TrpcContext {
  user: TSessionUser | null;
  ip: string;
  logger: FastifyBaseLogger;
  services: GatewayServices;
}
