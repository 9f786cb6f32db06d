import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.ts';

export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 120_000, include: ['src/**/*.test.ts'], reporters: reporters('shipping') },
});
