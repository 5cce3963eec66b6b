#!/usr/bin/env node
// Runs Playwright with Debian's Chromium. Without that browser the run is skipped with a
// one-line reason on a developer machine, and fails in CI (where .ci/run installs it).
//   node scripts/run.mjs [playwright.config.ts] [extra playwright args...]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const [config = 'playwright.config.ts', ...extra] = process.argv.slice(2);

if (!existsSync(chromium)) {
  const reason = `no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) {
    console.error(`e2e: ${reason}; the browser journeys are required in CI`);
    process.exit(1);
  }
  console.log(`e2e: skipped, ${reason}`);
  process.exit(0);
}

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const child = spawn(process.execPath, [cli, 'test', '--config', config, ...extra], {
  cwd: path.resolve(here, '..'),
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
