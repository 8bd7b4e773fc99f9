/**
 * One HTTP GET of a feed document, bounded: a timeout covering the whole exchange, a size limit
 * enforced while the body streams in (the rest is never read), redirects followed by `fetch` (at most
 * 20), and a conditional request (`If-None-Match` / `If-Modified-Since`) when the previous answer gave
 * an ETag or a Last-Modified date.
 */

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchedDocument =
  | { status: 'not-modified' }
  | { status: 'ok'; bytes: Uint8Array; validators: Validators; contentType?: string };

export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
}

async function readBounded(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  url: string,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new FeedFetchError(`${url} is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

export async function fetchFeedDocument(
  url: string,
  limits: FetchLimits,
  validators: Validators = {},
): Promise<FetchedDocument> {
  const headers: Record<string, string> = {
    'user-agent': limits.userAgent,
    accept:
      'application/xml, application/cap+xml, application/atom+xml, application/rss+xml, application/json;q=0.9, */*;q=0.5',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    const response = await fetch(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'not-modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FeedFetchError(`${url} answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await response.body?.cancel();
      throw new FeedFetchError(`${url} is larger than the limit of ${limits.maxBytes} bytes (${declared})`);
    }
    const bytes = response.body ? await readBounded(response.body, limits.maxBytes, url) : new Uint8Array();
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    const contentType = response.headers.get('content-type') ?? undefined;
    return {
      status: 'ok',
      bytes,
      validators: { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) },
      ...(contentType ? { contentType } : {}),
    };
  } catch (error) {
    if (error instanceof FeedFetchError) throw error;
    if (signal.aborted) throw new FeedFetchError(`${url} did not answer within ${limits.timeoutMs} ms`);
    const cause =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new FeedFetchError(`${url} could not be fetched: ${cause}`);
  }
}
