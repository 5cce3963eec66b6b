// Privilege changes on the admin user page wait for a confirmation that names the user and the
// effect; cancelling changes nothing on the server.
import { expect, test } from '@playwright/test';
import { admin } from '../support/env';
import {
  expectNoSeriousA11yViolations,
  registerThroughApi,
  signIn,
  uniqueUser,
} from '../support/helpers';
import { confirmEmailThroughMail } from '../support/mail';

test.beforeEach(async ({ page }) => {
  await signIn(page, admin.email, admin.password);
});

test('making someone an admin: Cancel and Escape keep the role, confirming changes it', async ({
  page,
  request,
}) => {
  const user = uniqueUser('Promoted');
  const id = await registerThroughApi(request, user);
  // Only accounts with a confirmed email can become admins.
  await confirmEmailThroughMail(request, user.email);
  await page.goto(`/admin/users/${id}`);
  const makeAdmin = page.getByRole('button', { name: 'Make admin' });
  const dialog = page.getByRole('dialog', { name: `Make ${user.name} an admin?` });

  await makeAdmin.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('manage every account');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'the make-admin dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await makeAdmin.click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // What the server holds, not what the page remembers.
  await page.reload();
  await expect(makeAdmin).toBeVisible();
  await expect(page.getByText('admin', { exact: true })).toHaveCount(0);

  await makeAdmin.click();
  await dialog.getByRole('button', { name: 'Make admin' }).click();
  await expect(page.getByText(`${user.name} is now an admin.`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Make regular user' })).toBeVisible();
});

test('disabling an account says they are signed out everywhere, and waits for a yes', async ({
  page,
  request,
}) => {
  const user = uniqueUser('Disabled');
  const id = await registerThroughApi(request, user);
  await page.goto(`/admin/users/${id}`);

  await page.getByRole('button', { name: 'Disable account' }).click();
  const dialog = page.getByRole('dialog', { name: `Disable ${user.name}?` });
  await expect(dialog).toContainText('signed out on every device');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Disable account' })).toBeVisible();

  await page.getByRole('button', { name: 'Disable account' }).click();
  await dialog.getByRole('button', { name: 'Disable account' }).click();
  await expect(page.getByText(`${user.name} is disabled and signed out everywhere.`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Enable account' })).toBeVisible();
});
