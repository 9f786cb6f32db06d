import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.ts';

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // One browser and one PGlite at a time on a 2-core machine.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: reporters('web'),
  },
});
