import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.ts';

export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 60_000, include: ['src/**/*.test.ts'], reporters: reporters('shipping') },
});
