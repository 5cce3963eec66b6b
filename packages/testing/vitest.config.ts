import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'testing',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The skip rule's own test runs Vitest on a fixture file, twice.
    testTimeout: 60_000,
  },
});
