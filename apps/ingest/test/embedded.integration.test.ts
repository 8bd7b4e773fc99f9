/** The ingest suite on the embedded log (a temporary directory) and PGlite (in memory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '@vigie/bus/embedded-log';
import { createDb } from '@vigie/db/create-db';
import { ensureIngestTopics } from '../src/ensure-ingest-topics';
import { testConfig } from './ingest-harness';
import { runIngestSuite } from './ingest-suite';

const directory = mkdtempSync(join(tmpdir(), 'vigie-ingest-log-'));
const closedDirectory = mkdtempSync(join(tmpdir(), 'vigie-ingest-closed-'));

runIngestSuite(
  'ingest on the embedded log + PGlite',
  async () => ({
    db: await createDb({}),
    log: await openEmbeddedLog({ directory }),
    // An embedded log whose topics exist, then closed: every produce fails with CLOSED.
    unavailableLog: async () => {
      const log = await openEmbeddedLog({ directory: closedDirectory });
      await ensureIngestTopics(log, testConfig());
      await log.close();
      return log;
    },
  }),
  async () => {
    rmSync(directory, { recursive: true, force: true });
    rmSync(closedDirectory, { recursive: true, force: true });
  },
);
