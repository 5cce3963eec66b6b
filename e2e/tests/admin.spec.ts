// The admin console: users, logs and system numbers, against data this file creates.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { admin } from '../support/env';
import {
  navigate,
  registerThroughApi,
  signIn,
  uniqueUser,
  type TestUser,
} from '../support/helpers';
import { confirmEmailThroughMail } from '../support/mail';

test.beforeEach(async ({ page }) => {
  await signIn(page, admin.email, admin.password);
});

async function createUsers(request: APIRequestContext, tag: string, count: number) {
  const users: (TestUser & { id: string })[] = [];
  for (let index = 1; index <= count; index += 1) {
    const number = String(index).padStart(2, '0');
    const user = {
      name: `Pager ${tag} ${number}`,
      email: `pager-${tag}-${number}@example.com`,
      password: `${tag} copper owls ${number} drift`,
    };
    users.push({ ...user, id: await registerThroughApi(request, user) });
  }
  return users;
}

test('search and page through users, promote one, disable another', async ({
  page,
  request,
  browser,
}) => {
  const tag = randomBytes(3).toString('hex');
  const users = await createUsers(request, tag, 12);

  await navigate(page, 'Users');
  await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
  await page.getByLabel('Per page').selectOption('10');
  const rows = page.getByTestId('user-row');
  await expect(page.getByText(`Page 1 of 2 · 12 users`)).toBeVisible();
  await expect(rows).toHaveCount(10);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));

  await page
    .getByRole('navigation', { name: 'Pagination' })
    .getByRole('button', { name: 'Next' })
    .click();
  await expect(page.getByText(`Page 2 of 2 · 12 users`)).toBeVisible();
  await expect(rows).toHaveCount(2);

  // Promote whoever the second page shows first (the order is the server's to choose).
  const firstOnPage2 = await rows.first().textContent();
  const promoted = users.find((user) => firstOnPage2?.includes(user.email));
  if (!promoted) throw new Error(`No created user on page 2: ${firstOnPage2}`);
  await test.step('promote a user to admin', async () => {
    // Only accounts with a confirmed email can become admins.
    await confirmEmailThroughMail(request, promoted.email);
    await page.getByRole('link', { name: `Manage ${promoted.name} (${promoted.email})` }).click();
    await expect(page.getByRole('heading', { name: promoted.name })).toBeVisible();
    await page.getByRole('button', { name: 'Make admin' }).click();
    await page
      .getByRole('dialog', { name: `Make ${promoted.name} an admin?` })
      .getByRole('button', { name: 'Make admin' })
      .click();
    await expect(page.getByText(`${promoted.name} is now an admin.`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Make regular user' })).toBeVisible();

    await page.getByRole('link', { name: '← Users' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill(tag);
    await page.getByLabel('Role').selectOption('admin');
    await expect(page.getByText('Page 1 of 1 · 1 users')).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(promoted.email);
  });

  const disabled = users[2]!;
  await test.step('disable a user, who then cannot sign in', async () => {
    await page.getByLabel('Role').selectOption('');
    await page.getByRole('searchbox', { name: 'Search' }).fill(disabled.email);
    await expect(rows).toHaveCount(1);
    await page.getByRole('link', { name: `Manage ${disabled.name} (${disabled.email})` }).click();
    await page.getByRole('button', { name: 'Disable account' }).click();
    await page
      .getByRole('dialog', { name: `Disable ${disabled.name}?` })
      .getByRole('button', { name: 'Disable account' })
      .click();
    await expect(
      page.getByText(`${disabled.name} is disabled and signed out everywhere.`),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Enable account' })).toBeVisible();

    const context = await browser.newContext();
    const theirPage = await context.newPage();
    await theirPage.goto('/login');
    await theirPage.getByLabel('Email').fill(disabled.email);
    await theirPage.getByLabel('Password').fill(disabled.password);
    await theirPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(
      theirPage.getByRole('alert').filter({ hasText: 'Invalid email or password' }),
    ).toBeVisible();
    await context.close();
  });
});

test('filter the logs and see the events just produced, live', async ({ page, request }) => {
  const user = uniqueUser('Logged');
  const userId = await registerThroughApi(request, user);
  await request.post('/api/auth/login', { data: { email: user.email, password: 'wrong-one' } });

  await navigate(page, 'Logs');
  await page.getByLabel('Event', { exact: true }).fill('auth.*');
  await page.getByLabel('User id', { exact: true }).fill(userId);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`userId=${userId}`));
  const entries = page.getByTestId('log-entry');
  // Audit events are written in batches a fraction of a second after the request; each look
  // reloads the page, which on a busy machine takes seconds of its own.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('[data-event="auth.login.failed"]')).toHaveCount(1, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 30_000 });
  await expect(page.locator('[data-event="auth.register"]')).toHaveCount(1);
  await expect(page.locator('[data-event="auth.login.succeeded"]')).toHaveCount(0);

  await page.getByLabel('Level', { exact: true }).selectOption('warn');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText('Sign-in failed: wrong password');

  await test.step('live tail shows a new event without reloading', async () => {
    await page.getByLabel('Live tail').check();
    await request.post('/api/auth/login', { data: { email: user.email, password: 'wrong-again' } });
    await expect(entries).toHaveCount(2, { timeout: 15_000 });
    await expect(page.getByText(/^1 new event\.$/)).toBeVisible();
  });

  await test.step('a client-side check catches a malformed event filter', async () => {
    await page.getByLabel('Event', { exact: true }).fill('Not An Event!');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByLabel('Event', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  });
});

test('the system page shows live numbers that keep updating', async ({ page }) => {
  await navigate(page, 'System');
  await expect(page.getByText('All systems working')).toBeVisible();
  const served = page
    .locator('dt', { hasText: 'Requests served' })
    .locator('xpath=following-sibling::dd[1]');
  await expect(served).toHaveText(/^\d[\d,]*$/);
  const first = Number((await served.textContent())!.replace(/\D/g, ''));
  expect(first).toBeGreaterThan(0);

  // Each refresh is itself a request, so the count grows and the charts gain points.
  await expect
    .poll(async () => Number((await served.textContent())!.replace(/\D/g, '')), { timeout: 15_000 })
    .toBeGreaterThan(first);
  const requestRate = page.getByTestId('chart').filter({ hasText: 'Request rate' });
  await expect
    .poll(async () => Number(await requestRate.getAttribute('data-samples')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(2);
  await expect(requestRate.getByRole('img')).toHaveAttribute('aria-label', /Request rate: now \d/);
});
