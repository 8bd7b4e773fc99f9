import { defineConfig } from 'vitest/config';

// One run over every workspace; each package keeps its own vitest.config.ts for `npm test -w`.
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'apps/*',
      'apps/web/vitest.e2e.config.ts',
      { test: { name: 'repo', include: ['test/**/*.test.ts'] } },
    ],
    reporters: ['verbose', './tools/test-env/summary-reporter.ts'],
  },
});
