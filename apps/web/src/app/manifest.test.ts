import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import manifest from './manifest';

describe('web app manifest', () => {
  it('installs /field standalone, with icons of the sizes browsers ask for, present in public/', () => {
    const m = manifest();
    expect(m).toMatchObject({ start_url: '/field', display: 'standalone', scope: '/' });
    const sizes = (m.icons ?? []).map((i) => i.sizes);
    expect(sizes).toContain('192x192');
    expect(sizes).toContain('512x512');
    for (const icon of m.icons ?? []) {
      expect(existsSync(fileURLToPath(new URL(`../../public${icon.src}`, import.meta.url)))).toBe(true);
    }
  });
});
