/** Reading PostgreSQL errors the same way on node-postgres and PGlite. */

export interface PgErrorInfo {
  /** SQLSTATE, e.g. `23505` unique violation, `23514` check violation. */
  code: string;
  constraint: string | undefined;
  message: string;
}

/**
 * The PostgreSQL error behind `error`, if any. drizzle wraps driver errors (`DrizzleQueryError`,
 * with the driver's error as `cause`); both drivers' errors carry `code` and `constraint`.
 */
export function pgErrorOf(error: unknown): PgErrorInfo | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const candidate = current as Error & { code?: unknown; constraint?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined,
        message: candidate.message,
      };
    }
    current = candidate.cause;
  }
  return undefined;
}

export const SQLSTATE = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  foreignKeyViolation: '23503',
} as const;
