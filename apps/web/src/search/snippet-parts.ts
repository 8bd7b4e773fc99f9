// A result's snippet cut into plain and matched parts from its highlight offsets (overlapping or
// out-of-range offsets are tolerated). Pure; the page renders the matched parts as <mark>.
import type { THighlight } from '@vigie/contracts/search-api';

export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

export function snippetParts(snippet: string, highlights: readonly THighlight[]): SnippetPart[] {
  const ranges = highlights
    .map(([start, end]) => [Math.max(0, start), Math.min(snippet.length, end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: SnippetPart[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    const last = parts.at(-1);
    if (from > at) parts.push({ text: snippet.slice(at, from), match: false });
    else if (last?.match === true) {
      // Overlapping or touching matches read as one.
      parts[parts.length - 1] = { text: last.text + snippet.slice(from, end), match: true };
      at = end;
      continue;
    }
    parts.push({ text: snippet.slice(from, end), match: true });
    at = end;
  }
  if (at < snippet.length) parts.push({ text: snippet.slice(at), match: false });
  return parts;
}
