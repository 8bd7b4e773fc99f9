import type { VerifiedApiKey } from '@vigie/db/api-keys-repository';
import { describe, expect, it } from 'vitest';
import { createApiKeyCache } from './api-key-cache';

const KEY: VerifiedApiKey = { id: 'abc', source: 'gauges', scopes: ['events:reading'] };

describe('createApiKeyCache', () => {
  it('asks the store once per TTL, shares concurrent lookups, remembers unknown tokens shortly', async () => {
    let now = 0;
    const asked: string[] = [];
    const cache = createApiKeyCache({
      verify: async (token) => {
        asked.push(token);
        return token === 'good' ? KEY : null;
      },
      ttlMs: 1_000,
      negativeTtlMs: 100,
      now: () => now,
    });
    const [a, b] = await Promise.all([cache.get('good'), cache.get('good')]);
    expect(a).toEqual(KEY);
    expect(b).toEqual(KEY);
    expect(asked).toEqual(['good']);
    await cache.get('good');
    expect(asked).toEqual(['good']);
    now = 1_001;
    await cache.get('good');
    expect(asked).toEqual(['good', 'good']);

    expect(await cache.get('bad')).toBeNull();
    expect(await cache.get('bad')).toBeNull();
    expect(asked.filter((t) => t === 'bad')).toHaveLength(1);
    now += 101;
    await cache.get('bad');
    expect(asked.filter((t) => t === 'bad')).toHaveLength(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('does not cache a failed lookup and stays bounded', async () => {
    let fail = true;
    const cache = createApiKeyCache({
      verify: async (token) => {
        if (fail) throw new Error('db down');
        return { ...KEY, id: token };
      },
      ttlMs: 10_000,
      negativeTtlMs: 10_000,
      maxEntries: 3,
    });
    await expect(cache.get('t')).rejects.toThrow('db down');
    fail = false;
    expect(await cache.get('t')).toMatchObject({ id: 't' });
    for (const token of ['u', 'v', 'w', 'x']) await cache.get(token);
    expect(cache.size).toBe(3);
  });
});
