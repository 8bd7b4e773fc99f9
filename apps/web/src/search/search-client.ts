// `search.query` over tRPC's HTTP protocol (GET /api/trpc/search.query?input=…), the answer checked against
// the search contract on receipt. Errors come back as the gateway's error codes (`appCode`).
import { ZSearchResult } from '@vigie/contracts/search-api';
import type { TSearchQueryInput, TSearchResult } from '@vigie/contracts/search-api';

export class SearchError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SearchError';
  }
}

interface TrpcAnswer {
  result?: { data?: unknown };
  error?: { message?: string; data?: { appCode?: string; code?: string } };
}

export async function runSearch(
  input: TSearchQueryInput,
  options: { baseUrl?: string; fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<TSearchResult> {
  const url = `${options.baseUrl ?? ''}/api/trpc/search.query?input=${encodeURIComponent(JSON.stringify(input))}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    throw new SearchError('NETWORK', error instanceof Error ? error.message : String(error));
  }
  let body: TrpcAnswer;
  try {
    body = (await response.json()) as TrpcAnswer;
  } catch {
    throw new SearchError(
      response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
      `HTTP ${response.status}`,
    );
  }
  if (!response.ok || body.error !== undefined) {
    const code = body.error?.data?.appCode ?? body.error?.data?.code ?? `HTTP_${response.status}`;
    throw new SearchError(code, body.error?.message ?? `HTTP ${response.status}`);
  }
  const parsed = ZSearchResult.safeParse(body.result?.data);
  if (!parsed.success) throw new SearchError('INTERNAL', 'Unexpected search answer');
  return parsed.data;
}
