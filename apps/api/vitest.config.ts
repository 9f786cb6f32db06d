import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.ts';

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Suites start real servers and databases; two at a time suits a 2-core machine.
    maxWorkers: 2,
    reporters: reporters('api'),
  },
});
