// The console while its backend is stopped and started again, as in a restart or a deploy: it
// says the server cannot be reached (not that a new version exists), keeps the session, and
// shows the page asked for by itself once the backend answers again.
import { freePort } from '@gv/testing';
import { expect, test as base } from '@playwright/test';
import { admin } from '../support/env';
import { expectNoSeriousA11yViolations, navigate, signIn } from '../support/helpers';
import { startJourneyBackend, type JourneyBackend } from '../support/server';

// A backend of this file's own, so stopping it disturbs no other journey.
const test = base.extend<object, { backend: JourneyBackend }>({
  backend: [
    // Playwright reads which fixtures this one needs from the pattern: none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const backend = await startJourneyBackend(await freePort());
      await use(backend);
      await backend.dispose();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ backend }, use) => use(backend.url),
});

test('a stopped backend is "unreachable", and the console recovers by itself', async ({
  page,
  backend,
}) => {
  test.setTimeout(180_000);
  await signIn(page, admin.email, admin.password);
  await navigate(page, 'Sessions');
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();

  await backend.stop();
  // The Users page's code has not been loaded yet: asking for it now fails like a network error.
  // (React keeps the previous page on screen while the next one's code is on its way.)
  await navigate(page, 'Users');
  await expect(
    page.getByText(/^Cannot reach the server — retrying\. Pages load again by themselves/),
  ).toBeVisible();
  await expect(page.getByText('A new version is available')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'the console while the server is unreachable');

  await backend.start();
  // The probe retries with growing pauses (at most 30 s apart); no click is needed.
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible({
    timeout: 45_000,
  });
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  await expect(page.getByText('Cannot reach the server')).toHaveCount(0);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByText('A new version is available')).toHaveCount(0);
});
