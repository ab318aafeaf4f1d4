import { defineConfig } from 'vitest/config';

// `npm test` runs in quick mode (RANDNLA_FULL=1 for full size): it shrinks the trial counts of the slow statistical
// checks; every bound and false-alarm level stays the same, only T changes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
