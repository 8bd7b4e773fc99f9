import { createDb } from '../src/create-db';
import { runSeedLogisticsSuite } from './seed-logistics-suite';

runSeedLogisticsSuite('logistics seed on PGlite + PostGIS (embedded)', () => createDb({}));
