// A person's own account, from the first visit to signing out.
import { expect, test } from '@playwright/test';
import { expectSignInRefused, navigate, signIn, uniqueUser } from '../support/helpers';

test('register, use the dashboard, edit the profile, change the password, sign out', async ({
  page,
  browser,
}) => {
  const user = uniqueUser('Journey');

  await test.step('register from the home page and land on the dashboard', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill(user.name);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByLabel('Confirm password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/dashboard$/);
    // The confirmation first: it stays 5 s, while the dashboard may still be loading its data.
    await expect(page.getByText(`Welcome, ${user.name}! Your account is ready.`)).toBeVisible();
    await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();
    await expect(page.getByTestId('session-count')).toHaveText('1');
    await expect(page.getByText('All systems working')).toBeVisible();
  });

  // A second browser signed in to the same account, to see what a password change does to it.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, user.email, user.password);

  const renamed = `${user.name} Renamed`;
  await test.step('edit the profile name', async () => {
    await navigate(page, 'Profile');
    await page.getByLabel('Name').fill(renamed);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();
    await navigate(page, 'Dashboard');
    await expect(page.getByRole('heading', { name: `Welcome, ${renamed}` })).toBeVisible();
    const activity = page.getByRole('region', { name: 'Recent security activity' });
    await expect(activity.locator('[data-event="auth.register"]')).toHaveCount(1);
  });

  const newPassword = `${user.password}-new`;
  await test.step('change the password: the wrong current one is refused on its field', async () => {
    await navigate(page, 'Profile');
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Current password')).toBeFocused();

    await page.getByLabel('Current password').fill(user.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(
      page.getByText('Password changed. Every other session was signed out.'),
    ).toBeVisible();
  });

  await test.step('the other browser is signed out on its next request', async () => {
    await navigate(other, 'Sessions');
    await expect(other).toHaveURL(/\/login\?returnTo=%2Fsessions$/);
    await expect(
      other.getByText('Your session has ended. Sign in again to continue.'),
    ).toBeVisible();
  });

  await test.step('this browser stays signed in, with one session left', async () => {
    await navigate(page, 'Sessions');
    await expect(page.getByTestId('session')).toHaveCount(1);
    await expect(page.getByText('This device')).toBeVisible();
  });

  await test.step('sign out, and the private pages are closed again', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText('You are signed out.').first()).toBeVisible();
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?returnTo=%2Fdashboard$/);
  });

  await test.step('only the new password works from now on', async () => {
    await expectSignInRefused(page, user.email, user.password);

    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The return path from the redirect above is honoured.
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  await otherContext.close();
});

test('a wrong password shows the error and signs nobody in', async ({ page, request }) => {
  const user = uniqueUser('Wrong');
  await request.post('/api/auth/register', { data: user });

  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('definitely-not-it');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'Invalid email or password' });
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
});

test('unknown addresses show the 404 page with a way home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { name: 'GV Playground', level: 1 })).toBeVisible();
});

test('regular users see no admin navigation and never download the admin pages', async ({
  page,
  request,
}) => {
  const user = uniqueUser('Regular');
  await request.post('/api/auth/register', { data: user });
  const scripts: string[] = [];
  page.on('request', (sent) => {
    if (sent.resourceType() === 'script') scripts.push(new URL(sent.url()).pathname);
  });

  await signIn(page, user.email, user.password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);

  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  expect(scripts.filter((script) => /Admin|SystemPage/.test(script))).toEqual([]);
  expect(scripts.some((script) => /DashboardPage/.test(script))).toBe(true);
});

test('deleting the account needs the password and signs the person out for good', async ({
  page,
  request,
}) => {
  const user = uniqueUser('Leaving');
  await request.post('/api/auth/register', { data: user });
  await signIn(page, user.email, user.password);
  await navigate(page, 'Profile');

  await page.getByRole('button', { name: 'Delete account…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
  await dialog.getByLabel('Password').fill('not-my-password');
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(dialog.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Password')).toHaveAccessibleDescription('Password is wrong');

  await dialog.getByLabel('Password').fill(user.password);
  await dialog.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByText('Your account was deleted. Goodbye!')).toBeVisible();
  await expect(page).toHaveURL(/\/$/);

  await page.goto('/login');
  await expectSignInRefused(page, user.email, user.password);
});
