import { describe, expect, it } from 'vitest';
import { IngestError } from './ingest-error';
import { batchFormatOf, parseEventBatch } from './parse-event-batch';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function thrown(fn: () => unknown): IngestError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
}

describe('batchFormatOf', () => {
  it('recognises JSON and NDJSON media types, with parameters and any case', () => {
    expect(batchFormatOf('application/json; charset=utf-8')).toBe('json');
    expect(batchFormatOf('Application/X-NDJSON')).toBe('ndjson');
    expect(batchFormatOf('application/ndjson')).toBe('ndjson');
    expect(batchFormatOf('text/plain')).toBeNull();
    expect(batchFormatOf(undefined)).toBeNull();
  });
});

describe('parseEventBatch', () => {
  it('splits NDJSON on LF and CRLF, skips blank lines and a BOM, keeps each original line', () => {
    const items = parseEventBatch(
      bytes('\uFEFF{"a":1}\r\n\n  \n{"b":2}\n{"c":3}'),
      'application/x-ndjson',
      10,
    );
    expect(items.map((i) => i.value)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(Buffer.from(items[1]!.original as Uint8Array).toString()).toBe('{"b":2}');
  });

  it('fails a bad NDJSON line alone, with the reason', () => {
    const items = parseEventBatch(bytes('{"a":1}\n{oops\n{"c":3}'), 'application/x-ndjson', 10);
    expect(items[1]).toMatchObject({
      index: 1,
      decodeIssues: [{ path: '', message: expect.stringContaining('not JSON') }],
    });
    expect(items[2]?.value).toEqual({ c: 3 });
    const latin = parseEventBatch(Buffer.from([0x7b, 0x7d, 0x0a, 0xe9, 0x0a]), 'application/x-ndjson', 10);
    expect(latin[1]?.decodeIssues?.[0]?.message).toBe('Line is not valid UTF-8');
  });

  it('takes a JSON array, or a single JSON object as a batch of one', () => {
    expect(parseEventBatch(bytes('[{"a":1},{"b":2}]'), 'application/json', 10).map((i) => i.value)).toEqual([
      { a: 1 },
      { b: 2 },
    ]);
    const [single] = parseEventBatch(bytes('{"a":1}'), 'application/json', 10);
    expect(single).toMatchObject({ index: 0, value: { a: 1 }, original: '{"a":1}' });
  });

  it('refuses a JSON body that does not parse as a whole (400)', () => {
    const error = thrown(() => parseEventBatch(bytes('[{"a":1},'), 'application/json', 10));
    expect(error.status).toBe(400);
    expect(error.code).toBe('DECODE_FAILED');
  });

  it('refuses other media types (415), empty bodies (400) and too many events (413)', () => {
    expect(thrown(() => parseEventBatch(bytes('{}'), 'text/csv', 10)).status).toBe(415);
    expect(thrown(() => parseEventBatch(bytes('{}'), undefined, 10)).status).toBe(415);
    expect(thrown(() => parseEventBatch(Buffer.alloc(0), 'application/json', 10)).status).toBe(400);
    expect(thrown(() => parseEventBatch(bytes('\n\n'), 'application/x-ndjson', 10)).status).toBe(400);
    const many = thrown(() => parseEventBatch(bytes('{}\n'.repeat(11)), 'application/x-ndjson', 10));
    expect(many.status).toBe(413);
    expect(many.message).toContain('11 events');
    expect(
      thrown(() => parseEventBatch(bytes(JSON.stringify(Array(11).fill({}))), 'application/json', 10)).status,
    ).toBe(413);
  });
});
