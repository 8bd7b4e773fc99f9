import { createDb } from '../src/create-db';
import { runQueriesSuite } from './queries-suite';

runQueriesSuite('read-side queries on PGlite + PostGIS', () => createDb({}));
