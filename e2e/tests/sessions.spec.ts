// Ending sessions from another device.
import { expect, test } from '@playwright/test';
import { navigate, signIn, uniqueUser } from '../support/helpers';

// A recognisable second device: the sessions list names it "Safari 17 on iOS".
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test('ending a session in one browser sends the other browser to the login page', async ({
  page,
  browser,
  request,
}) => {
  const user = uniqueUser('Devices');
  await request.post('/api/auth/register', { data: user });

  const phoneContext = await browser.newContext({ userAgent: IPHONE_SAFARI });
  const phone = await phoneContext.newPage();
  await signIn(phone, user.email, user.password);
  await signIn(page, user.email, user.password);

  await navigate(page, 'Sessions');
  const phoneSession = page.getByTestId('session').filter({ hasText: 'Safari 17 on iOS' });
  await expect(phoneSession).toBeVisible();
  await expect(page.locator('[data-current]')).toContainText('This device');
  await phoneSession.getByRole('button', { name: /^End session on Safari 17 on iOS/ }).click();
  await expect(page.getByText('Ended the session on Safari 17 on iOS.')).toBeVisible();
  await expect(phoneSession).toHaveCount(0);

  // The phone's next request is refused, its refresh too: it lands on the login page.
  await navigate(phone, 'Sessions');
  await expect(phone).toHaveURL(/\/login\?returnTo=%2Fsessions$/);
  await expect(phone.getByText('Your session has ended. Sign in again to continue.')).toBeVisible();

  await phoneContext.close();
});

test('"sign out all other sessions" leaves only this one', async ({ page, browser, request }) => {
  const user = uniqueUser('Others');
  // Registering through the API is itself a session (another "device").
  await request.post('/api/auth/register', { data: user });
  const otherContext = await browser.newContext({ userAgent: IPHONE_SAFARI });
  const other = await otherContext.newPage();
  await signIn(other, user.email, user.password);
  await signIn(page, user.email, user.password);

  await navigate(page, 'Sessions');
  await expect(page.getByTestId('session')).toHaveCount(3);
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out all other sessions?' });
  await expect(dialog).toContainText('2 other devices');
  await dialog.getByRole('button', { name: 'Sign them out' }).click();
  await expect(page.getByText('Signed out of every other device.')).toBeVisible();
  await expect(page.getByTestId('session')).toHaveCount(1);

  await other.reload();
  await expect(other).toHaveURL(/\/login\?returnTo=%2Fdashboard$/);
  await otherContext.close();
});
