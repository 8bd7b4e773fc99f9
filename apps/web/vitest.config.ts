import { defineProject } from 'vitest/config';

// Unit tests of the pure modules (store operations, mappers, geometry, style, dictionaries): no DOM.
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', '.next/**'],
    environment: 'node',
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
