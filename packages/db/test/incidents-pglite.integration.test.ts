import { createDb } from '../src/create-db';
import { runIncidentsSuite } from './incidents-suite';

// One connection: the two reservations are serialised, and the second must still be refused.
runIncidentsSuite(
  'incident, command, dispatch and stock repositories on PGlite + PostGIS (embedded)',
  () => createDb({}),
  {
    concurrent: false,
  },
);
