/**
 * tRPC building blocks: one instance, the error mapping (AppError → tRPC code, validation issues in
 * `data.issues`) and procedures that require a permission of the caller's role.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { isAppError } from '@vigie/contracts/errors';
import type { ErrorCode } from '@vigie/contracts/errors';
import type { TIssue } from '@vigie/contracts/issues';
import { issuesFromZodError } from '@vigie/contracts/issues';
import { can } from '@vigie/contracts/roles';
import type { TPermission } from '@vigie/contracts/roles';
import { recordAudit } from '@vigie/db/audit-repository';
import { ZodError } from 'zod';
import type { TrpcContext } from './trpc-context';

const trpcCodes: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  DECODE_FAILED: 'BAD_REQUEST',
  UNSUPPORTED_VERSION: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  LOG_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  DB_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  TIMEOUT: 'GATEWAY_TIMEOUT',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

const appCodes: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'DECODE_FAILED',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'LOG_UNAVAILABLE',
  GATEWAY_TIMEOUT: 'TIMEOUT',
};

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const appCode: ErrorCode = isAppError(cause) ? cause.code : (appCodes[error.code] ?? 'INTERNAL');
    const issues: TIssue[] | undefined =
      cause instanceof ZodError ? issuesFromZodError(cause, 20) : undefined;
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Internal error'
        : issues !== undefined && issues[0] !== undefined
          ? `${issues[0].path || 'input'}: ${issues[0].message}`
          : shape.message;
    // The stack never leaves the server.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, appCode, ...(issues ? { issues } : {}) } };
  },
});

export const router = t.router;

/** Maps an `AppError` thrown below to its tRPC code, once, for every procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

/** A procedure for logged-in users. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.user === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * A procedure for users whose role holds one of `permissions`. A refusal is a 403, written to the
 * audit log with the procedure's path.
 */
export function procedureWith(...permissions: [TPermission, ...TPermission[]]) {
  return authedProcedure.use(async ({ ctx, path, next }) => {
    if (!permissions.some((p) => can(ctx.user.role, p))) {
      await recordAudit(ctx.services.database.db, {
        actor: ctx.user.id,
        action: 'access.denied',
        target: `trpc:${path}`,
        outcome: 'denied',
        ip: ctx.ip,
        detail: { role: ctx.user.role, needs: permissions },
      }).catch((error: unknown) => ctx.logger.error({ err: error }, 'could not write the audit log'));
      throw new TRPCError({ code: 'FORBIDDEN', message: `The ${ctx.user.role} role may not do this` });
    }
    return next();
  });
}
