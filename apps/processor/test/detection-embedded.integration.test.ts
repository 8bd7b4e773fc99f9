import { runDetectionSuite } from './detection-suite';
import { embeddedFixture } from './harness';

runDetectionSuite('detection on the embedded log + PGlite', embeddedFixture);
