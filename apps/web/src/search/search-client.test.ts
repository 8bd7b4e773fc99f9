// The search client against a real HTTP server answering in tRPC's format.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchError, runSearch } from './search-client';

describe('runSearch', () => {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    const input = JSON.parse(url.searchParams.get('input') ?? '{}') as { q?: string };
    res.setHeader('content-type', 'application/json');
    if (input.q === 'forbidden') {
      res.statusCode = 403;
      res.end(
        JSON.stringify({
          error: { message: 'Not allowed', data: { code: 'FORBIDDEN', appCode: 'FORBIDDEN' } },
        }),
      );
    } else if (input.q === 'garbage') {
      res.end(JSON.stringify({ result: { data: { hits: 'no' } } }));
    } else {
      res.end(
        JSON.stringify({
          result: {
            data: {
              hits: [
                {
                  kind: 'alert',
                  id: 'a1',
                  title: 'Flood warning',
                  snippet: 'Flood warning for the valley',
                  highlights: [[0, 5]],
                  rank: 0.9,
                  at: '2026-03-01T06:00:00Z',
                },
              ],
              nextOffset: 50,
            },
          },
        }),
      );
    }
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the input to search.query and returns the checked result', async () => {
    const result = await runSearch({ q: 'flood "river bank"', bbox: [-73, 18, -72, 19] }, { baseUrl });
    expect(result.hits.map((h) => h.id)).toEqual(['a1']);
    expect(result.nextOffset).toBe(50);
    const url = requests.at(-1)!;
    expect(url.pathname).toBe('/api/trpc/search.query');
    expect(JSON.parse(url.searchParams.get('input')!)).toEqual({
      q: 'flood "river bank"',
      bbox: [-73, 18, -72, 19],
    });
  });

  it("reports the gateway's error code, and an answer that breaks the contract", async () => {
    await expect(runSearch({ q: 'forbidden' }, { baseUrl })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(runSearch({ q: 'garbage' }, { baseUrl })).rejects.toBeInstanceOf(SearchError);
    await expect(runSearch({ q: 'x' }, { baseUrl: 'http://127.0.0.1:1' })).rejects.toMatchObject({
      code: 'NETWORK',
    });
  });
});
