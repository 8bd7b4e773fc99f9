import { createDb } from '../src/create-db';
import { runMediaSuite } from './media-suite';

runMediaSuite('media repository on PGlite + PostGIS (embedded)', () => createDb({}));
