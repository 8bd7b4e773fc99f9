import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZIssue, formatPath, issuesFromZodError, summariseIssues } from './issues';

describe('issues', () => {
  it('formats paths with dots and brackets', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['payload', 'areas', 0, 'polygons', 1])).toBe('payload.areas[0].polygons[1]');
    expect(formatPath([0, 'a'])).toBe('[0].a');
  });

  it('turns a zod error into bounded, single-line issues', () => {
    const schema = z.object({ items: z.array(z.number()) });
    const result = schema.safeParse({ items: Array.from({ length: 150 }, () => 'x') });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = issuesFromZodError(result.error);
    expect(issues).toHaveLength(100);
    expect(issues[0]).toEqual({
      path: 'items[0]',
      message: 'Invalid input: expected number, received string',
      code: 'invalid_type',
    });
    for (const issue of issues) expect(ZIssue.safeParse(issue).success).toBe(true);
  });

  it('cleans messages that carry control characters', () => {
    const schema = z.string().refine(() => false, { error: 'bad\nvalue\u0000here' });
    const result = schema.safeParse('x');
    if (result.success) throw new Error('expected failure');
    const [issue] = issuesFromZodError(result.error);
    expect(issue?.message).toBe('bad value here');
  });

  it('summarises in one line', () => {
    expect(summariseIssues([])).toBe('Invalid');
    expect(summariseIssues([{ path: '', message: 'Not JSON' }])).toBe('Not JSON');
    expect(
      summariseIssues([
        { path: 'a.b', message: 'Too big' },
        { path: 'c', message: 'Required' },
      ]),
    ).toBe('a.b: Too big (+1 more)');
  });
});
