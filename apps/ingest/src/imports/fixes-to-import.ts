/**
 * NMEA/AIS decoder outputs → import items and refusals. Refusals carry the line number; a fix is named
 * by its time (an NMEA fix merges several sentences of one epoch). The item's bytes, hashed into the
 * event id, are the fix itself: the same fix sent again, in any file, is the same event.
 */
import type { DecodeOutput } from '../parsers/nmea/nmea-sentence';
import type { ImportError, ImportItem } from './publish-import';

export interface NumberedOutput {
  /** 1-based line the decoder was given when it produced this output. */
  line: number;
  output: DecodeOutput;
}

export function decodedToImport(outputs: readonly NumberedOutput[]): {
  items: ImportItem[];
  refused: ImportError[];
} {
  const items: ImportItem[] = [];
  const refused: ImportError[] = [];
  for (const { line, output } of outputs) {
    if (output.kind === 'fix') {
      const { occurredAt, payload } = output.fix;
      items.push({
        where: `fix at ${occurredAt} (line ${line})`,
        occurredAt,
        payload,
        original: JSON.stringify({ occurredAt, payload }),
      });
    } else {
      refused.push({ where: `line ${line}`, reason: output.rejection.reason });
    }
  }
  return { items, refused };
}

/** Splits a file into lines (CR, LF or CRLF); the decoder is fed each with its 1-based number. */
export function numberLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
