// The benchmark's own tests: the pure parts (profile summary, goals, explanations, report), fast
// and without servers. The benchmark itself runs with `npm run bench`, never in the test suite.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'bench',
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    environment: 'node',
  },
});
