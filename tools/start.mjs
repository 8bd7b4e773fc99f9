#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then runs the whole of
// Vigie in one process on one port (embedded log + PGlite by default; Kafka and PostgreSQL when
// KAFKA_BROKERS and DATABASE_URL are set). Arguments are passed on: `npm start -- --no-sim`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebIfNeeded } from './build-web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'node_modules'))) {
  console.error('Dependencies are missing: run `npm install` first.');
  process.exit(1);
}
const status = buildWebIfNeeded();
if (status !== 0) process.exit(status);

// A newcomer's first run listens on the loopback interface only; set HOST=0.0.0.0 to open it up.
const env = { ...process.env, HOST: process.env.HOST ?? '127.0.0.1' };
const server = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'apps/gateway/src/all-in-one.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
