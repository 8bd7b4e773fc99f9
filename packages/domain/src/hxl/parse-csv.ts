/**
 * RFC 4180 CSV reader tolerant of what spreadsheets export: quoted fields with doubled quotes and line
 * breaks, CRLF/LF/CR line ends, and a delimiter guessed from the first lines (comma, semicolon or tab).
 */
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvOptions {
  delimiter?: CsvDelimiter;
  /** Stop after this many records (the rest is ignored and `truncated` is set). */
  maxRows?: number;
}

export interface CsvResult {
  rows: string[][];
  delimiter: CsvDelimiter;
  truncated: boolean;
}

/** The delimiter appearing most often outside quotes in the first lines. */
export function guessDelimiter(text: string): CsvDelimiter {
  const sample = text.slice(0, 8_192);
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of sample) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

export function parseCsv(text: string, options: CsvOptions = {}): CsvResult {
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    row.push(field);
    field = '';
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += char;
      }
      i++;
      continue;
    }
    if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      endRow();
      if (char === '\r' && text[i + 1] === '\n') i++;
      if (rows.length >= maxRows) return { rows, delimiter, truncated: i + 1 < n };
    } else {
      field += char;
    }
    i++;
  }
  if (field !== '' || row.length > 0) endRow();
  return { rows, delimiter, truncated: false };
}
