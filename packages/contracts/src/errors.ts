// Error codes shared by every edge (HTTP, tRPC, sockets) and the stream path (retry or dead-letter).
import { z } from 'zod';
import { boundedLine } from './primitives';

export interface ErrorCodeDefinition {
  /** HTTP status the edge answers with. */
  readonly status: number;
  /** Whether trying the same thing again later may succeed (the stream path retries with backoff). */
  readonly retriable: boolean;
  readonly description: string;
}

export const errorCodes = {
  VALIDATION_FAILED: { status: 400, retriable: false, description: 'Input does not match its contract' },
  DECODE_FAILED: { status: 400, retriable: false, description: 'Bytes are not valid UTF-8 JSON' },
  UNSUPPORTED_VERSION: { status: 400, retriable: false, description: 'Unknown event type or schema version' },
  UNAUTHENTICATED: { status: 401, retriable: false, description: 'No valid session or API key' },
  FORBIDDEN: { status: 403, retriable: false, description: 'The role does not allow this' },
  NOT_FOUND: { status: 404, retriable: false, description: 'No such resource' },
  CONFLICT: {
    status: 409,
    retriable: false,
    description: 'The resource changed or the transition is not allowed',
  },
  PAYLOAD_TOO_LARGE: { status: 413, retriable: false, description: 'Body or message above the size limit' },
  RATE_LIMITED: {
    status: 429,
    retriable: true,
    description: 'Too many requests; retry after the given delay',
  },
  LOG_UNAVAILABLE: {
    status: 503,
    retriable: true,
    description: 'The log (Kafka or embedded) cannot take writes',
  },
  DB_UNAVAILABLE: { status: 503, retriable: true, description: 'The database is unreachable' },
  TIMEOUT: { status: 504, retriable: true, description: 'A dependency did not answer in time' },
  INTERNAL: { status: 500, retriable: false, description: 'Unexpected failure (a bug)' },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ErrorCode = keyof typeof errorCodes;

export const ZErrorCode = z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]);

/** JSON body of an error as it crosses the wire (HTTP responses, socket `error` events). */
export const ZErrorBody = z.object({
  code: ZErrorCode,
  message: boundedLine(1_000),
  retriable: z.boolean().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** The one error class thrown below the edges; mapped once to HTTP/tRPC/socket errors. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get retriable(): boolean {
    return errorCodes[this.code].retriable;
  }

  toBody(): TErrorBody {
    const body: TErrorBody = { code: this.code, message: this.message, retriable: this.retriable };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
