// Validation problems in a form a person can read and a dead-letter record can carry.
import { z } from 'zod';
import { boundedLine, clipText, sanitizeText } from './primitives';

export const ZIssue = z.object({
  /** Dotted path into the value, e.g. `payload.position.lon`, `payload.areas[0].polygons[1]`; empty for the root. */
  path: boundedLine(500),
  message: boundedLine(1_000),
  /** zod issue code (`too_big`, `invalid_type`, `custom`…) when the issue comes from a schema. */
  code: boundedLine(64).optional(),
});
export type TIssue = z.infer<typeof ZIssue>;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function clip(text: string, max: number): string {
  return clipText(sanitizeText(text, false), max);
}

/** Flattens a zod error into at most `limit` issues. */
export function issuesFromZodError(error: z.ZodError, limit = 100): TIssue[] {
  return error.issues.slice(0, limit).map((issue) => ({
    path: clip(formatPath(issue.path), 500),
    message: clip(issue.message, 1_000),
    code: issue.code,
  }));
}

/** One line for logs and dead-letter messages: `payload.lon: Too big… (+2 more)`. */
export function summariseIssues(issues: readonly TIssue[]): string {
  const first = issues[0];
  if (first === undefined) return 'Invalid';
  const head = first.path === '' ? first.message : `${first.path}: ${first.message}`;
  return issues.length > 1 ? `${head} (+${issues.length - 1} more)` : head;
}
