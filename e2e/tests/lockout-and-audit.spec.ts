// Lockout seen from the admin console: the users list marks the locked person, the admin unlocks
// them, they sign in; the admin then finds what happened by searching the log for their email.
import { expect, test } from '@playwright/test';
import { admin } from '../support/env';
import { navigate, pauseSignIn, registerThroughApi, signIn, uniqueUser } from '../support/helpers';

test('a locked-out person is marked in the users list, unlocked, and found in the log by email', async ({
  page,
  request,
  browser,
}) => {
  // Six sign-ins (each an argon2id hash), two browsers and a log search: more than the default.
  test.slow();
  const person = uniqueUser('Locked');
  await registerThroughApi(request, person);

  // The admin is signed in and looking at the person's row before the pause begins: the first
  // pause lasts 30 s, and on a busy machine an admin sign-in alone can take most of that.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin.email, admin.password);
  await navigate(adminPage, 'Users');
  await adminPage.getByRole('searchbox', { name: 'Search' }).fill(person.email);
  const row = adminPage.getByTestId('user-row').filter({ hasText: person.email });
  await expect(row).toHaveCount(1);
  await expect(row.getByText('sign-in paused')).toHaveCount(0);

  await test.step('wrong passwords until sign-in is paused', async () => {
    await pauseSignIn(page, person);
  });

  await test.step('the users list marks the person, and the admin unlocks them', async () => {
    await adminPage.reload();
    await expect(row.getByText('sign-in paused')).toBeVisible();
    await row.getByRole('link', { name: `Manage ${person.name} (${person.email})` }).click();
    await adminPage.getByRole('button', { name: 'Unlock sign-in' }).click();
    await expect(adminPage.getByText(`${person.name} can sign in again now.`)).toBeVisible();
  });

  await test.step('the person signs in at once', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  await test.step("the log, searched by the person's email, names them and tells the story", async () => {
    await navigate(adminPage, 'Logs');
    await adminPage.getByLabel('User', { exact: true }).fill(person.email);
    await adminPage.getByRole('button', { name: 'Apply filters' }).click();
    await expect(adminPage).toHaveURL(/user=/);
    const entries = adminPage.getByTestId('log-entry');
    // Audit events are written in batches a fraction of a second after the request; each look
    // reloads the page, which on a busy machine takes seconds of its own.
    await expect(async () => {
      await adminPage.reload();
      await expect(adminPage.locator('[data-event="auth.login.succeeded"]')).toHaveCount(1, {
        timeout: 5_000,
      });
    }).toPass({ timeout: 45_000 });
    await expect(adminPage.locator('[data-event="auth.account.unlocked"]')).toHaveCount(1);
    await expect(adminPage.locator('[data-event="auth.login.failed"]')).not.toHaveCount(0);
    await expect(
      entries.first().getByRole('link', { name: `${person.name} (${person.email})` }),
    ).toBeVisible();
    // Every event shown is the person's: nobody else's sign-ins leak into the search.
    const actors = await entries.getByRole('link').allTextContents();
    expect(new Set(actors)).toEqual(new Set([`${person.name} (${person.email})`]));
    await expect(adminPage.locator('[data-event="auth.refresh"]')).toHaveCount(0);
  });

  await adminContext.close();
});
