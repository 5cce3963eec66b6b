// axe-core on every page, in both themes: no serious or critical WCAG 2.1 A/AA violations.
import { expect, test, type Page } from '@playwright/test';
import { admin } from '../support/env';
import {
  expectNoSeriousA11yViolations,
  registerThroughApi,
  signIn,
  uniqueUser,
} from '../support/helpers';

const PUBLIC_PAGES = [
  ['/', 'GV Playground'],
  ['/login', 'Sign in'],
  ['/register', 'Create an account'],
  // Opened without the mailed link's token, it says so.
  ['/confirm-email-change', 'Confirm your new email address'],
  ['/no-such-page', 'Page not found'],
] as const;

const USER_PAGES = [
  ['/dashboard', /^Welcome, /],
  ['/profile', 'Profile'],
  ['/sessions', 'Sessions'],
] as const;

const ADMIN_PAGES = [
  ['/admin/users', 'Users'],
  ['/admin/logs', 'Logs'],
  ['/admin/system', 'System'],
  ['/admin/playground', 'Playground'],
] as const;

/** Waits for the page's content (not its loading state) before scanning. */
async function scan(page: Page, path: string, heading: string | RegExp, theme: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading|Checking/ })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, `${path} (${theme})`);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test('public pages', async ({ page }) => {
      for (const [path, heading] of PUBLIC_PAGES) await scan(page, path, heading, theme);
    });

    test('signed-in pages, with form errors showing', async ({ page, request }) => {
      const user = uniqueUser('Axe');
      await registerThroughApi(request, user);
      await signIn(page, user.email, user.password);
      for (const [path, heading] of USER_PAGES) await scan(page, path, heading, theme);

      await page.goto('/profile');
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
      await expectNoSeriousA11yViolations(page, `profile with errors (${theme})`);
    });

    test('admin pages and dialogs', async ({ page }) => {
      // Four axe scans and a dialog: on a busy machine more than the default minute.
      test.slow();
      await signIn(page, admin.email, admin.password);
      for (const [path, heading] of ADMIN_PAGES) await scan(page, path, heading, theme);

      await page.goto(`/admin/users?q=${encodeURIComponent(admin.email)}`);
      await page.getByRole('link', { name: `Manage ${admin.name} (${admin.email})` }).click();
      await expect(page.getByRole('heading', { name: 'Sessions', level: 2 })).toBeVisible();
      await expectNoSeriousA11yViolations(page, `user detail (${theme})`);

      await page.getByRole('button', { name: 'End all sessions' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoSeriousA11yViolations(page, `confirm dialog (${theme})`);
      await page.getByRole('button', { name: 'Cancel' }).click();
    });
  });
}
