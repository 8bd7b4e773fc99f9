import { defineProject } from 'vitest/config';

// Browser tests: a real Chromium driven through playwright-core against a running Vigie (see README).
export default defineProject({
  test: {
    name: 'web-e2e',
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
