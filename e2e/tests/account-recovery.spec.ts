// A forgotten password, recovered the way a person would: "Forgot password?", the mail that a
// real SMTP server receives, the link in it, a new password, and signing in with it.
import { startSmtpTestServer, linkIn, type SmtpTestServer } from '@gv/backend/smtp-test-server';
import { freePort } from '@gv/testing';
import { expect, test as base } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  expectSignInRefused,
  registerThroughApi,
  signIn,
  uniqueUser,
} from '../support/helpers';
import { startJourneyBackend, type JourneyBackend } from '../support/server';

// A backend of this file's own that mails through the SMTP server this worker runs.
const test = base.extend<object, { mail: SmtpTestServer; backend: JourneyBackend }>({
  mail: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const smtp = await startSmtpTestServer();
      await use(smtp);
      await smtp.close();
    },
    { scope: 'worker' },
  ],
  backend: [
    async ({ mail }, use) => {
      const port = await freePort();
      const backend = await startJourneyBackend(port, {
        SMTP_URL: mail.url,
        PUBLIC_URL: `http://localhost:${port}`,
      });
      await use(backend);
      await backend.dispose();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ backend }, use) => use(backend.url),
});

test('a forgotten password is reset by following the link in the mail', async ({
  page,
  request,
  mail,
  backend,
}) => {
  // Four hashed passwords, two accessibility scans and a mail round trip on a shared machine.
  test.slow();
  const person = uniqueUser('Recovering');
  await registerThroughApi(request, person);
  const newPassword = 'lantern quiet harbour after the storm';

  await test.step('ask for a link from the sign-in page', async () => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'the forgot-password page');
    await page.getByLabel('Email').fill(person.email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    await expect(page.getByText(/If an account uses this email, a link/)).toBeVisible();
  });

  const received = await mail.waitForMail(person.email, /Reset your/);
  const link = linkIn(received, `${backend.url}/reset-password?token=`);

  await test.step('follow the link and choose a new password', async () => {
    await page.goto(link.href);
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'the reset-password page');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set password' }).click();
    // Hashing the new password competes with the other journeys for two cores.
    await expect(page.getByText(/Your password is set/)).toBeVisible({ timeout: 30_000 });
  });

  await test.step('the old password no longer works; the new one does', async () => {
    await page.getByRole('link', { name: 'Sign in with the new password' }).click();
    await expectSignInRefused(page, person.email, person.password);
    await signIn(page, person.email, newPassword);
  });

  await test.step('the same link cannot be used twice', async () => {
    await page.goto(link.href);
    await page.getByLabel('New password', { exact: true }).fill('yet another long passphrase');
    await page.getByLabel('Confirm new password').fill('yet another long passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect(page.locator('form').getByRole('alert')).toContainText('already used', {
      timeout: 30_000,
    });
  });
});
