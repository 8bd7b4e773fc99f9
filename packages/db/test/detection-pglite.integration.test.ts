import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../src/create-db';
import { runDetectionSuite } from './detection-suite';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-detection-'));

runDetectionSuite(
  'detection repositories on PGlite + PostGIS (embedded)',
  () => createDb({ dataDir }),
  async () => rmSync(dataDir, { recursive: true, force: true }),
);
