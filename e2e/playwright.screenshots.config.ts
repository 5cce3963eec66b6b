// `npm run screenshots`: captures every page in both themes (and at phone width) into
// docs/screenshots/. Not part of the test run.
import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

export default defineConfig({
  ...baseConfig,
  testDir: './screenshots',
  workers: 1,
  timeout: 600_000,
  reporter: [['list']],
  use: { ...baseConfig.use, trace: 'off', screenshot: 'off' },
});
