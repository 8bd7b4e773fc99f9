import { createDb } from '../src/create-db';
import { runAccessSuite } from './access-suite';

runAccessSuite('access repositories on PGlite + PostGIS (embedded)', () => createDb({}));
