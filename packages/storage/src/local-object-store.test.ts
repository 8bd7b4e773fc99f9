import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalObjectStore } from './local-object-store';

describe('local object store', () => {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-store-'));
  const store = createLocalObjectStore(directory);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('writes and reads back an object by its file URI', async () => {
    const stored = await store.put('media/2021/08/16/m-1.jpg', Buffer.from('bytes'), 'image/jpeg');
    expect(stored.uri).toMatch(/^file:\/\/.*\/media\/2021\/08\/16\/m-1\.jpg$/);
    expect(stored.sizeBytes).toBe(5);
    expect((await store.get(stored.uri))?.toString()).toBe('bytes');
  });

  it('refuses keys that leave the root and never serves files outside it', async () => {
    await expect(store.put('../escape.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(
      /invalid object key/,
    );
    await expect(store.put('media/../../x', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(
      /invalid object key/,
    );
    expect(await store.get('file:///etc/passwd')).toBeUndefined();
    expect(await store.get(`file://${directory}/media/none.jpg`)).toBeUndefined();
    expect(await store.get('s3://bucket/key')).toBeUndefined();
  });
});
