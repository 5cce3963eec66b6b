// Changing the email address: asked for in the profile with the password, completed by the link
// mailed to the new address (the old one is told), and from then on the new address signs in.
import { expect, test } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  expectSignInRefused,
  navigate,
  registerThroughApi,
  signIn,
  uniqueUser,
} from '../support/helpers';
import { waitForMailedToken, waitForMailSubject } from '../support/mail';

test('change the email through the link mailed to the new address, then sign in with it', async ({
  page,
  request,
}) => {
  test.slow();
  const person = uniqueUser('Moving');
  const newEmail = person.email.replace('@example.com', '-new@example.com');
  await registerThroughApi(request, person);
  await signIn(page, person.email, person.password);
  const section = page.getByRole('region', { name: 'Email address' });

  await test.step('ask for the change in the profile; a wrong password is refused', async () => {
    await navigate(page, 'Profile');
    await section.getByLabel('New email address').fill(newEmail);
    await section.getByLabel('Password').fill('not my password');
    await section.getByRole('button', { name: 'Change email' }).click();
    await expect(section.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');

    await section.getByLabel('Password').fill(person.password);
    await section.getByRole('button', { name: 'Change email' }).click();
    await expect(section.getByText(`Check the mail at ${newEmail}`)).toBeVisible();
    // Nothing changes until the link is followed.
    await expect(section.getByText(person.email, { exact: true })).toBeVisible();
  });

  await test.step('the current address is told about the request', async () => {
    await waitForMailSubject(person.email, /email address is about to change/);
  });

  await test.step('follow the link mailed to the new address', async () => {
    const token = await waitForMailedToken(newEmail, '/confirm-email-change');
    await page.goto(`/confirm-email-change?token=${token}`);
    await expect(page.getByText(/Your email address is now/)).toContainText(newEmail, {
      timeout: 30_000,
    });
    await expectNoSeriousA11yViolations(page, 'the email-change confirmation');
    await page.getByRole('link', { name: 'Go to your profile' }).click();
    await expect(section.getByText(newEmail, { exact: true })).toBeVisible();
  });

  await test.step('sign out: the new address signs in, the old one no longer does', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expectSignInRefused(page, person.email, person.password);
    await signIn(page, newEmail, person.password);
  });
});
