import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'ingest',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite boots a WebAssembly PostgreSQL and loads PostGIS: several seconds per instance.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
