/** GET /metrics — Prometheus text of the shared registry. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';

export function metricsHandler(registry: Registry) {
  return async (_request: FastifyRequest, reply: FastifyReply): Promise<string> => {
    reply.type(registry.contentType);
    return registry.metrics();
  };
}
