// The gateway on the embedded backends: PGlite + PostGIS and the embedded log.
import { runGatewaySuite } from './gateway-suite';

runGatewaySuite('embedded');
