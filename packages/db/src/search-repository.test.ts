import { describe, expect, it } from 'vitest';
import { parseHeadline } from './search-repository';

describe('parseHeadline', () => {
  it('turns match markers into plain text and offsets', () => {
    const parsed = parseHeadline('Les routes sont \u27e6inondées\u27e7 près du \u27e6pont\u27e7');
    expect(parsed.snippet).toBe('Les routes sont inondées près du pont');
    expect(parsed.highlights.map(([s, e]) => parsed.snippet.slice(s, e))).toEqual(['inondées', 'pont']);
  });

  it('ignores an unclosed or empty marker', () => {
    expect(parseHeadline('a \u27e6\u27e7b \u27e6c')).toEqual({ snippet: 'a b c', highlights: [] });
  });
});
