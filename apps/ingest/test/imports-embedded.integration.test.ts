/** The import endpoints on the embedded log (a temporary directory) and PGlite (in memory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { createDb } from '@vigie/db/create-db';
import { runImportsSuite } from './imports-suite';

const directory = mkdtempSync(join(tmpdir(), 'vigie-imports-log-'));

runImportsSuite(
  'imports on the embedded log + PGlite',
  async () => ({
    db: await createDb({}),
    log: await openEmbeddedLog({ directory }),
    unavailableLog: () => Promise.reject(new Error('not used by the import suite')),
  }),
  async () => rmSync(directory, { recursive: true, force: true }),
);
