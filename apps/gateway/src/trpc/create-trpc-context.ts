/** Builds the tRPC context of one HTTP request: the session user (renewing its cookie when it slid). */
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import { requestSession } from '../auth/request-user';
import type { GatewayServices } from '../gateway-services';
import type { TrpcContext } from './trpc-context';

export function createTrpcContextFactory(services: GatewayServices) {
  return async ({ req, res }: CreateFastifyContextOptions): Promise<TrpcContext> => {
    const session = await requestSession(services, req, res);
    const user = session?.user ?? null;
    return {
      user,
      ip: req.ip,
      logger: user === null ? req.log : req.log.child({ userId: user.id }),
      services,
    };
  };
}
