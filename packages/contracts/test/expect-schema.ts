// Assertions shared by the contract tests: a value parses, or fails at an expected path.
import { expect } from 'vitest';
import { z } from 'zod';
import { issuesFromZodError } from '../src/issues';

export function expectValid<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`Expected valid, got:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Fails unless `value` is rejected with an issue at `path` (dotted, as produced by `formatPath`). */
export function expectInvalidAt(schema: z.ZodType, value: unknown, path: string): void {
  const result = schema.safeParse(value);
  expect(result.success, `expected ${JSON.stringify(value)?.slice(0, 200)} to be rejected`).toBe(false);
  if (result.success) return;
  const paths = issuesFromZodError(result.error).map((i) => i.path);
  expect(paths, `issues: ${JSON.stringify(result.error.issues)}`).toContain(path);
}

/** A deep copy of `base` with `value` set at a dotted path (`a.b[0].c`, created as needed); `undefined` deletes. */
export function withPatch<T>(base: T, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const segments = path.match(/[^.[\]]+/g) ?? [];
  let target: Record<string, unknown> = copy;
  for (const segment of segments.slice(0, -1)) {
    target[segment] ??= {};
    target = target[segment] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

export const LONG = (n: number) => 'x'.repeat(n);

export const ID1 = '01J7QRQHZ81GHN9ENKHG0BC90Q';
export const ID2 = '01J7QRQJYGVG6PKX03FKW1JP1A';
export const T0 = '2024-09-14T08:00:00Z';
