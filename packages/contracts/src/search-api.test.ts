import { describe, expect, it } from 'vitest';
import { ZSearchQueryInput } from './search-api';

describe('ZSearchQueryInput', () => {
  it('fills defaults: both kinds, 50 results, first page', () => {
    const parsed = ZSearchQueryInput.parse({ q: 'inondation' });
    expect(parsed).toEqual({ q: 'inondation', kinds: ['report', 'alert'], limit: 50, offset: 0 });
  });

  it('accepts a time range and a box', () => {
    const input = {
      q: 'flood',
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
      bbox: [34, -20, 35, -19],
    };
    expect(ZSearchQueryInput.safeParse(input).success).toBe(true);
  });

  it.each([
    ['an empty query', { q: '   ' }],
    ['a reversed range', { q: 'flood', from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    ['too many results', { q: 'flood', limit: 101 }],
    ['an unknown kind', { q: 'flood', kinds: ['tweet'] }],
  ])('rejects %s', (_label, input) => {
    expect(ZSearchQueryInput.safeParse(input).success).toBe(false);
  });
});
