import { defineProject } from 'vitest/config';

// Browser tests: a real Chromium driven through playwright-core against a running Vigie (see README).
export default defineProject({
  test: {
    name: 'web-e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // Starts the whole product with the simulator unless VIGIE_E2E_URL points at a running one.
    globalSetup: ['../../tools/test-env/e2e-global-setup.ts'],
    hookTimeout: 60_000,
  },
});
