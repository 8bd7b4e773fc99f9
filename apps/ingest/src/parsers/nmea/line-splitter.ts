/**
 * Streaming line splitter for serial/TCP NMEA feeds: accepts chunks cut anywhere, tolerates CR, LF and CRLF,
 * drops blank lines. A runaway line without an end (binary frames) is cut at `maxLineLength`.
 */
export interface LineSplitter {
  /** Adds a chunk; returns the complete lines it finished. */
  push(chunk: string): string[];
  /** Returns the last unterminated line, if any. */
  flush(): string[];
}

export function createLineSplitter(maxLineLength = 4096): LineSplitter {
  let buffer = '';
  return {
    push(chunk) {
      buffer += chunk;
      const pieces = buffer.split(/\r\n|\r|\n/);
      buffer = pieces.pop() ?? '';
      if (buffer.length > maxLineLength) {
        pieces.push(buffer);
        buffer = '';
      }
      return pieces.filter((p) => p.trim() !== '');
    },
    flush() {
      const rest = buffer;
      buffer = '';
      return rest.trim() === '' ? [] : [rest];
    },
  };
}
