import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet-parts';

describe('snippetParts', () => {
  it('cuts the snippet around the matches', () => {
    expect(
      snippetParts('water rising near the bridge', [
        [22, 28],
        [0, 5],
      ]),
    ).toEqual([
      { text: 'water', match: true },
      { text: ' rising near the ', match: false },
      { text: 'bridge', match: true },
    ]);
  });

  it('merges overlaps and ignores offsets outside the text', () => {
    expect(
      snippetParts('abcdef', [
        [1, 4],
        [2, 5],
        [10, 12],
        [3, 3],
      ]),
    ).toEqual([
      { text: 'a', match: false },
      { text: 'bcde', match: true },
      { text: 'f', match: false },
    ]);
    expect(snippetParts('abc', [])).toEqual([{ text: 'abc', match: false }]);
  });
});
