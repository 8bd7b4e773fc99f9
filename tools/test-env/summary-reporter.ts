/**
 * Prints one plain closing line for the whole run — `Tests: N passed, N failed, N skipped` — and,
 * under CI=true, fails the run when anything was skipped or no test ran at all: in CI every suite,
 * including the ones that need Kafka, PostgreSQL+PostGIS or Chromium, must really run.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedNames: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else if (state === 'skipped') {
          skipped += 1;
          if (skippedNames.length < 20) skippedNames.push(`${module.moduleId} > ${test.fullName}`);
        }
      }
      if (module.state() === 'failed' && !module.ok()) {
        // A module that failed to load has no test cases; count it so the line cannot read as green.
        if ([...module.children.allTests()].length === 0) failed += 1;
      }
    }
    const ci = process.env.CI === 'true' || process.env.CI === '1';
    if (ci && skipped > 0) {
      console.error(`\nCI=true and ${skipped} test(s) were skipped; nothing may skip in CI:`);
      for (const name of skippedNames) console.error(`  - ${name}`);
      process.exitCode = 1;
    }
    if (ci && passed === 0) {
      console.error('\nCI=true and no test ran.');
      process.exitCode = 1;
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
