/**
 * Splits a request body into events: a JSON array (or one JSON object) with `application/json`, or
 * one JSON object per line with `application/x-ndjson`. Each item keeps its original bytes so that a
 * rejected one can be dead-lettered as it came. A line that is not JSON fails alone; a JSON body that
 * does not parse fails the request.
 */
import type { TIssue } from '@vigie/contracts/issues';
import { IngestError, payloadTooLarge, unsupportedMediaType } from './ingest-error';

export type BatchFormat = 'json' | 'ndjson';

export const ACCEPTED_BATCH_TYPES = ['application/json', 'application/x-ndjson'] as const;

export interface BatchItem {
  /** Position in the batch (0-based, blank NDJSON lines not counted). */
  readonly index: number;
  /** The decoded JSON value, when it decoded. */
  readonly value?: unknown;
  /** What the source sent for this item (the line, or the item re-serialised from a JSON array). */
  readonly original: Uint8Array | string;
  /** Why the item could not be decoded. */
  readonly decodeIssues?: TIssue[];
}

/** The batch format of a `Content-Type` header, or null when it is neither JSON nor NDJSON. */
export function batchFormatOf(contentType: string | undefined): BatchFormat | null {
  if (contentType === undefined) return null;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return 'json';
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/ndjson') return 'ndjson';
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function tooMany(count: number, max: number): IngestError {
  return payloadTooLarge(`${count} events in one request; at most ${max} are accepted, split the batch`, {
    events: count,
    maxEvents: max,
  });
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

function parseNdjson(body: Uint8Array, maxItems: number): BatchItem[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  // Skip a UTF-8 byte order mark.
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) start = 3;
  for (let i = start; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      let end = i;
      if (end > start && body[end - 1] === 0x0d) end--;
      const line = body.subarray(start, end);
      if (!isBlank(line)) {
        lines.push(line);
        if (lines.length > maxItems) throw tooMany(countLines(body), maxItems);
      }
      start = i + 1;
    }
  }
  return lines.map((line, index) => {
    let text: string;
    try {
      text = utf8.decode(line);
    } catch {
      return { index, original: line, decodeIssues: [{ path: '', message: 'Line is not valid UTF-8' }] };
    }
    try {
      return { index, value: JSON.parse(text) as unknown, original: line };
    } catch (error) {
      return {
        index,
        original: line,
        decodeIssues: [{ path: '', message: `Line is not JSON: ${errorMessage(error)}` }],
      };
    }
  });
}

function countLines(body: Uint8Array): number {
  let count = 0;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === 0x0a) {
      if (!isBlank(body.subarray(start, i))) count++;
      start = i + 1;
    }
  }
  return count;
}

function parseJson(body: Uint8Array, maxItems: number): BatchItem[] {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new IngestError('DECODE_FAILED', 'Request body is not valid UTF-8');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new IngestError('DECODE_FAILED', `Request body is not JSON: ${errorMessage(error).slice(0, 300)}`);
  }
  const values = Array.isArray(data) ? data : [data];
  if (values.length > maxItems) throw tooMany(values.length, maxItems);
  return values.map((value: unknown, index) => ({ index, value, original: JSON.stringify(value) ?? 'null' }));
}

/**
 * Decodes a batch. Throws 415 for another media type, 413 above `maxItems` events, 400 for an empty
 * batch or a JSON body that does not parse.
 */
export function parseEventBatch(
  body: Uint8Array | undefined,
  contentType: string | undefined,
  maxItems: number,
): BatchItem[] {
  const format = batchFormatOf(contentType);
  if (format === null) throw unsupportedMediaType(contentType, ACCEPTED_BATCH_TYPES);
  if (body === undefined || body.length === 0) {
    throw new IngestError('VALIDATION_FAILED', 'Request body is empty; send at least one event');
  }
  const items = format === 'ndjson' ? parseNdjson(body, maxItems) : parseJson(body, maxItems);
  if (items.length === 0) throw new IngestError('VALIDATION_FAILED', 'The batch holds no event');
  return items;
}
