// Copies the shipped country shapes into public/ so the offline basemap is served with the app.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', '..', 'packages', 'domain', 'data', 'countries-110m.topo.json');
const targetDir = join(here, '..', 'public', 'basemap');
const target = join(targetDir, 'countries-110m.topo.json');

mkdirSync(targetDir, { recursive: true });
let upToDate = false;
try {
  upToDate = statSync(target).size === statSync(source).size && statSync(target).mtimeMs >= statSync(source).mtimeMs;
} catch {
  upToDate = false;
}
if (!upToDate) {
  copyFileSync(source, target);
  console.log(`basemap: copied ${source} → ${target}`);
}
