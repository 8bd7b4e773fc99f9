/**
 * The one mapping from errors to what an edge answers: `AppError` codes carry their HTTP status
 * (contracts/errors.ts); a zod error is a 400 naming the fields; anything else is a 500 whose details
 * stay in the log.
 */
import { AppError, isAppError } from '@vigie/contracts/errors';
import type { TErrorBody } from '@vigie/contracts/errors';
import { issuesFromZodError, summariseIssues } from '@vigie/contracts/issues';
import { ZodError } from 'zod';

/** Turns any thrown value into an `AppError` (unknown errors become `INTERNAL`). */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    const issues = issuesFromZodError(error, 20);
    return new AppError('VALIDATION_FAILED', summariseIssues(issues), { issues });
  }
  return new AppError('INTERNAL', 'Internal error', undefined, { cause: error });
}

/** Status and JSON body for an error answer. */
export function errorResponse(error: unknown): { status: number; body: TErrorBody } {
  const appError = toAppError(error);
  return { status: appError.status, body: appError.toBody() };
}
