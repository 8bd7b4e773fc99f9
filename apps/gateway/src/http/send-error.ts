/** Error answers of the gateway's HTTP routes: one mapping, logged once, the body of `ZErrorBody`. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { errorResponse } from './error-status';
import { AppError, isAppError } from '@vigie/contracts/errors';
import type { ErrorCode } from '@vigie/contracts/errors';

/** Fastify's own 4xx errors (bad JSON, body too large, unsupported media type) as AppErrors. */
function fromFastifyError(error: unknown): unknown {
  if (isAppError(error)) return error;
  const statusCode = (error as Partial<FastifyError>).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code: ErrorCode =
      statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : statusCode === 429 ? 'RATE_LIMITED' : 'VALIDATION_FAILED';
    return new AppError(code, (error as Error).message, undefined, { cause: error });
  }
  return error;
}

export function sendError(
  metrics: GatewayMetrics,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const { status, body } = errorResponse(fromFastifyError(error));
  metrics.httpErrors.inc({ code: body.code });
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.code, message: body.message }, 'request refused');
  return reply.code(status).type('application/json').send(body);
}
