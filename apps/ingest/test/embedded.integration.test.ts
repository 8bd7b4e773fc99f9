/** The ingest suite on the embedded log (a temporary directory) and PGlite (in memory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { createDb } from '@vigie/db/create-db';
import { runIngestSuite } from './ingest-suite';

const directory = mkdtempSync(join(tmpdir(), 'vigie-ingest-log-'));

runIngestSuite(
  'ingest on the embedded log + PGlite',
  async () => ({ db: await createDb({}), log: await openEmbeddedLog({ directory }) }),
  async () => rmSync(directory, { recursive: true, force: true }),
);
