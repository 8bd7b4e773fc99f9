import { embeddedFixture } from './harness';
import { runOperationsSuite } from './operations-suite';

runOperationsSuite('incidents, commands and dispatch on the embedded log + PGlite', embeddedFixture);
