import { embeddedFixture } from './harness';
import { runProcessorSuite } from './processor-suite';

runProcessorSuite('processor on the embedded log + PGlite', embeddedFixture);
