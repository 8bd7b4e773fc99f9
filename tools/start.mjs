#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the whole of
// Vigie in one process on one port (embedded log + PGlite by default; Kafka and PostgreSQL when
// KAFKA_BROKERS and DATABASE_URL are set). Arguments are passed on: `npm start -- --no-sim`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const buildId = join(root, 'apps/web/.next/BUILD_ID');
const sources = ['apps/web/src', 'apps/web/app', 'apps/web/public', 'packages/ui/src', 'packages/contracts/src'];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(join(root, 'node_modules'))) {
  console.error('Dependencies are missing: run `npm install` first.');
  process.exit(1);
}

const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const changed = Math.max(...sources.map((dir) => newestMtime(join(root, dir))));
if (built === 0 || changed > built) {
  console.log(built === 0 ? 'Building the web app (first start)…' : 'Rebuilding the web app (sources changed)…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@vigie/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// A newcomer's first run listens on the loopback interface only; set HOST=0.0.0.0 to open it up.
const env = { ...process.env, HOST: process.env.HOST ?? '127.0.0.1' };
const server = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'apps/gateway/src/all-in-one.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
