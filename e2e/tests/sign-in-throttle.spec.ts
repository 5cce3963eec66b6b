// A person whose sign-in was paused after repeated failures is told so plainly, with the time;
// an admin sees the pause on the user's page and ends it; the person signs in at once.
import { expect, test } from '@playwright/test';
import { admin } from '../support/env';
import { pauseSignIn, registerThroughApi, signIn, uniqueUser } from '../support/helpers';

test('a paused sign-in says until when, and an admin can end the pause', async ({
  page,
  request,
  browser,
}) => {
  const person = uniqueUser('Paused');
  const personId = await registerThroughApi(request, person);

  await test.step('five wrong passwords, then even the right one is paused', async () => {
    const alert = await pauseSignIn(page, person);
    await expect(alert).toContainText(/Try again in \d+ seconds/);
    await expect(alert).toContainText(/paused until \d{1,2}:\d{2}/);
    await expect(page).toHaveURL(/\/login/);
  });

  await test.step('an admin sees the pause and unlocks', async () => {
    const adminContext = await browser.newContext();
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, admin.email, admin.password);
    await adminPage.goto(`/admin/users/${personId}`);
    await expect(adminPage.getByText(/Paused after failed attempts until/)).toBeVisible();
    await adminPage.getByRole('button', { name: 'Unlock sign-in' }).click();
    await expect(adminPage.getByText(`${person.name} can sign in again now.`)).toBeVisible();
    await expect(adminPage.getByText(/Paused after failed attempts/)).toHaveCount(0);
    await adminContext.close();
  });

  await test.step('the person signs in at once', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});
