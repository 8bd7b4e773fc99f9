import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedLog } from '../src/embedded-log';
import { runLogConformance } from './conformance';
import { testLogger } from './test-logger';

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

runLogConformance('embedded', async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-log-'));
  directories.push(directory);
  return openEmbeddedLog({ directory, rebalanceTimeoutMs: 1_000, logger: testLogger });
});
