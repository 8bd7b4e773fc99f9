// Copies what the map loads at run time into public/, before dev and build:
// - the country shapes shipped in packages/domain (the offline basemap);
// - MapLibre's worker script, which the bundler does not emit for maplibre-gl 6 (the map points to it with
//   setWorkerUrl).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const publicDir = join(here, '..', 'public');
const require = createRequire(import.meta.url);
const maplibreDist = dirname(require.resolve('maplibre-gl/package.json'));

// A copied script is a third party's build output: it starts with a comment that keeps the repository's lint
// off it.
const copies = [
  {
    from: join(here, '..', '..', '..', 'packages', 'domain', 'data', 'countries-110m.topo.json'),
    to: join(publicDir, 'basemap', 'countries-110m.topo.json'),
    banner: '',
  },
  {
    from: join(maplibreDist, 'dist', 'maplibre-gl-worker.mjs'),
    to: join(publicDir, 'maplibre', 'maplibre-gl-worker.mjs'),
    banner: '/* eslint-disable */\n',
  },
];

for (const { from, to, banner } of copies) {
  mkdirSync(dirname(to), { recursive: true });
  let upToDate = false;
  try {
    upToDate =
      statSync(to).size === statSync(from).size + banner.length &&
      statSync(to).mtimeMs >= statSync(from).mtimeMs;
  } catch {
    upToDate = false;
  }
  if (!upToDate) {
    writeFileSync(to, banner + readFileSync(from, 'utf8'));
    console.log(`map assets: ${from} → ${to}`);
  }
}
