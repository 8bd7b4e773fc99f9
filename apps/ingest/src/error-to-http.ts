/**
 * The one place where errors become HTTP answers for the ingest routes: `AppError`s keep their code and
 * status, Fastify's own errors (body too large, bad media type, malformed body) get the matching code,
 * and anything else is a 500 whose details stay in the log.
 */
import { AppError, errorCodes } from '@vigie/contracts/errors';
import type { ErrorCode, TErrorBody } from '@vigie/contracts/errors';
import { IngestError } from './ingest-error';

export interface HttpAnswer {
  status: number;
  body: TErrorBody;
  headers: Record<string, string>;
  /** True for failures that are our fault (logged as errors). */
  internal: boolean;
}

function codeForStatus(status: number): ErrorCode {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'LOG_UNAVAILABLE';
  if (status === 504) return 'TIMEOUT';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

export function errorToHttp(error: unknown): HttpAnswer {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error instanceof IngestError && error.retryAfterS !== undefined) {
      headers['retry-after'] = String(error.retryAfterS);
    }
    return { status: error.status, body: error.toBody(), headers, internal: error.code === 'INTERNAL' };
  }
  const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const code = codeForStatus(fastifyStatus);
    const raw = error instanceof Error ? error.message : String(error);
    const message =
      fastifyStatus === 413 ? 'Request body is larger than the limit of this endpoint' : raw.slice(0, 500);
    return {
      status: fastifyStatus,
      body: { code, message, retriable: errorCodes[code].retriable },
      headers: {},
      internal: false,
    };
  }
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'Unexpected failure; it has been logged', retriable: false },
    headers: {},
    internal: true,
  };
}
