// Small steps the journeys share.
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

/** A user nobody else in this run uses (journeys run in parallel on one database). */
export function uniqueUser(label: string): TestUser {
  const tag = randomBytes(4).toString('hex');
  return {
    name: `${label} ${tag}`,
    email: `${label.toLowerCase().replace(/\W+/g, '-')}-${tag}@example.com`,
    // Strong enough for the server's password policy (docs/decisions/121).
    password: `quiet ${randomBytes(6).toString('hex')} harbour lantern`,
  };
}

/** Creates an account straight through the API; returns its id. */
export async function registerThroughApi(request: APIRequestContext, user: TestUser) {
  const response = await request.post('/api/auth/register', { data: user });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { user: { id: string } };
  return body.user.id;
}

/** Fills and sends the sign-in form of the page that is open. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Sends the open sign-in form and expects the one answer that names neither field. */
export async function expectSignInRefused(page: Page, email: string, password: string) {
  await submitSignIn(page, email, password);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Invalid email or password' }),
  ).toBeVisible();
}

/**
 * Five wrong passwords for `person`, then the right one, which the pause refuses: the sign-in
 * form's own alert is returned (the toaster's live region is an alert too).
 */
export async function pauseSignIn(page: Page, person: TestUser): Promise<Locator> {
  await page.goto('/login');
  const formAlert = page.locator('form').getByRole('alert');
  await page.getByLabel('Email').fill(person.email);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await page.getByLabel('Password').fill(`not my password ${attempt}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(formAlert).toContainText('Invalid email or password');
  }
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(formAlert).toContainText('Too many failed sign-ins for this email');
  return formAlert;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome, /);
}

/** The main navigation; on a phone it is behind the menu button. */
export async function navigate(page: Page, link: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
}

/** Runs axe-core on the page and fails on any serious or critical WCAG 2.1 A/AA violation. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  expect(serious, `accessibility violations on ${label}`).toEqual([]);
}
