/** Media kept in a local directory (`$VIGIE_DATA_DIR/media` by default), written atomically. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertObjectKey } from './object-store';
import type { ObjectStore } from './object-store';

export function createLocalObjectStore(directory: string): ObjectStore {
  const root = resolve(directory);
  return {
    kind: 'local',
    async put(key, bytes) {
      assertObjectKey(key);
      const path = join(root, key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, bytes, { flag: 'wx' });
      await rename(temporary, path);
      return { uri: pathToFileURL(path).href, sizeBytes: bytes.byteLength };
    },
    async get(uri) {
      if (!uri.startsWith('file://')) return undefined;
      const path = resolve(fileURLToPath(uri));
      // Only files under this store's root: a URI from elsewhere is not ours to serve.
      if (!path.startsWith(root + sep)) return undefined;
      try {
        return await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
