/**
 * Errors the ingest edge answers with. They are `AppError`s (one code vocabulary for every edge); this
 * subclass adds what plain codes cannot say: an HTTP status other than the code's default (415 has no
 * code of its own) and a `Retry-After` delay.
 */
import { AppError } from '@vigie/contracts/errors';
import type { ErrorCode } from '@vigie/contracts/errors';

export class IngestError extends AppError {
  readonly httpStatus: number;
  /** Seconds the client should wait before trying again (sent as `Retry-After`). */
  readonly retryAfterS: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      status?: number;
      retryAfterS?: number;
      details?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(code, message, options.details, options.cause === undefined ? undefined : { cause: options.cause });
    this.httpStatus = options.status ?? super.status;
    this.retryAfterS = options.retryAfterS;
  }

  override get status(): number {
    return this.httpStatus;
  }
}

export function unauthenticated(message: string): IngestError {
  return new IngestError('UNAUTHENTICATED', message);
}

export function forbidden(message: string, details?: Record<string, unknown>): IngestError {
  return new IngestError('FORBIDDEN', message, details === undefined ? {} : { details });
}

export function unsupportedMediaType(received: string | undefined, expected: readonly string[]): IngestError {
  return new IngestError(
    'DECODE_FAILED',
    `Unsupported content type ${received ? `"${received.slice(0, 100)}"` : '(none)'}; send ${expected.join(' or ')}`,
    { status: 415, details: { expected } },
  );
}

export function payloadTooLarge(message: string, details?: Record<string, unknown>): IngestError {
  return new IngestError('PAYLOAD_TOO_LARGE', message, details === undefined ? {} : { details });
}

export function rateLimited(retryAfterS: number): IngestError {
  return new IngestError('RATE_LIMITED', `Rate limit of this API key reached; retry in ${retryAfterS} s`, {
    retryAfterS,
  });
}

export function logUnavailable(retryAfterS: number, reason: string, cause?: unknown): IngestError {
  return new IngestError(
    'LOG_UNAVAILABLE',
    `The event log cannot take writes now (${reason}); the request was not acknowledged, send it again later (events are deduplicated by id)`,
    {
      retryAfterS,
      cause,
    },
  );
}
