// Phone-sized screens and dark mode.
import { expect, test, type Page } from '@playwright/test';
import { admin } from '../support/env';
import { navigate, registerThroughApi, signIn, uniqueUser } from '../support/helpers';

async function expectNoSidewaysScroll(page: Page, label: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${label} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

test.describe('on a 375 px wide phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('every page fits the screen and the menu reaches every page', async ({ page, request }) => {
    await page.goto('/');
    await expectNoSidewaysScroll(page, 'home');
    await page.goto('/login');
    await expectNoSidewaysScroll(page, 'login');
    await page.goto('/register');
    await expectNoSidewaysScroll(page, 'register');

    const user = uniqueUser('Phone');
    await registerThroughApi(request, user);
    await signIn(page, user.email, user.password);
    await expectNoSidewaysScroll(page, 'dashboard');

    // The navigation is folded behind the menu button until opened.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Sessions' })).toBeHidden();
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await nav.getByRole('link', { name: 'Sessions' }).click();
    await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('session')).toHaveCount(2);
    await expectNoSidewaysScroll(page, 'sessions');

    await navigate(page, 'Profile');
    await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page, 'profile');

    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Sign out' })
      .click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('long emails wrap in the users list instead of being cut off', async ({ page, request }) => {
    const user = uniqueUser('Wrapping');
    const email = `a-rather-long-mailbox-name-that-needs-room.${user.email}`;
    await registerThroughApi(request, { ...user, email });
    await signIn(page, admin.email, admin.password);
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);

    const shown = page.getByTestId('user-row').getByText(email, { exact: true });
    await expect(shown).toBeVisible();
    const clipped = await shown.evaluate((element) => element.scrollWidth > element.clientWidth);
    expect(clipped, 'the email is cut off').toBe(false);
    const box = await shown.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await expectNoSidewaysScroll(page, 'users with a long email');
  });

  test('Escape closes the menu', async ({ page }) => {
    await page.goto('/');
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    const signInLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: 'Sign in',
    });
    await expect(signInLink).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(signInLink).toBeHidden();
    await expect(menu).toBeFocused();
  });

  test('the admin pages fit too', async ({ page }) => {
    await signIn(page, admin.email, admin.password);
    for (const [link, heading] of [
      ['Users', 'Users'],
      ['Logs', 'Logs'],
      ['System', 'System'],
      ['Playground', 'Playground'],
    ] as const) {
      await navigate(page, link);
      await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page, link);
    }
  });
});

test('the skip link, once focused, covers nothing of the header', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();

  const skipBox = (await skip.boundingBox())!;
  for (const covered of [
    page.getByRole('link', { name: 'GV Playground' }),
    page.getByRole('button', { name: /^Switch to/ }),
  ]) {
    const box = (await covered.boundingBox())!;
    const overlaps =
      skipBox.x < box.x + box.width &&
      box.x < skipBox.x + skipBox.width &&
      skipBox.y < box.y + box.height &&
      box.y < skipBox.y + skipBox.height;
    expect(overlaps, `the skip link covers ${await covered.textContent()}`).toBe(false);
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test.describe('dark mode', () => {
  const background = (page: Page) =>
    page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

  test('follows the system setting', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    expect(await background(page)).not.toBe('rgb(248, 250, 252)');
    await context.close();
  });

  test('the toggle overrides the system and is remembered', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const lightBackground = await background(page);
    await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    expect(await background(page)).not.toBe(lightBackground);

    await page.reload();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();

    // Choosing the system's own theme again goes back to following the system.
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  });
});
