/**
 * Which database failures are about the data (retrying the same rows cannot succeed: isolate the
 * offending record and dead-letter it) and which are about the database (unreachable, restarting,
 * overloaded: retry the batch later, acknowledging nothing).
 */
import { pgErrorOf } from '@vigie/db/pg-error';

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint), or a repository's RangeError. */
export function isDataError(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  const code = pgErrorOf(error)?.code;
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { err: String(error) };
  const pg = pgErrorOf(error);
  const code = (error as Error & { code?: unknown }).code;
  return {
    err: error.message,
    errName: error.name,
    ...(pg === undefined ? (typeof code === 'string' ? { errCode: code } : {}) : { sqlstate: pg.code }),
    ...(error.cause instanceof Error ? { cause: error.cause.message } : {}),
  };
}
