import { createDb } from '../src/create-db';
import { runHistorySuite } from './history-suite';

runHistorySuite('history, replay, search and export on PGlite + PostGIS (embedded)', () => createDb({}));
