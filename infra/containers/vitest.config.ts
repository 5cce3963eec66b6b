// The container suite (`npm run test:containers`): real image builds with podman and the real
// compose stack on a private dockerd. Its files run one after another, never beside the rest of
// the tests: they need the machine's two cores and minutes, not seconds.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'containers',
    include: ['*.test.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 10 * 60_000,
    hookTimeout: 30 * 60_000,
  },
});
