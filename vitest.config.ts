// One test run for the whole repository: each workspace is a Vitest project with its own settings.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/contract',
      'packages/testing',
      'backend',
      'frontend',
      'infra',
      'tools',
      'bench',
    ],
  },
});
