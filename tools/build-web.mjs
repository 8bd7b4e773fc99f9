#!/usr/bin/env node
// Builds the web app when it is missing or older than its sources (used by `npm start` and `npm test`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildId = join(root, 'apps/web/.next/BUILD_ID');
const sources = [
  'apps/web/src',
  'apps/web/app',
  'apps/web/public',
  'apps/web/next.config.ts',
  'packages/ui/src',
  'packages/contracts/src',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildWebIfNeeded() {
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changed = Math.max(...sources.map((path) => newestMtime(join(root, path))));
  if (built !== 0 && changed <= built) return 0;
  console.log(built === 0 ? 'Building the web app…' : 'Rebuilding the web app (sources changed)…');
  return spawnSync('npm', ['run', 'build', '-w', '@vigie/web'], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildWebIfNeeded());
