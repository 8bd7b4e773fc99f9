import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'processor',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
