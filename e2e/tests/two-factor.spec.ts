// Two-factor sign-in as a person with an authenticator app uses it: turned on from the profile by
// typing the key the console shows into the "app" (which computes the codes), then signing in
// with a code, with a recovery code, and turning it off. An admin's reset for a lost phone. And a
// server that requires it of admins, where an admin is led to turn it on.
import { freePort } from '@gv/testing';
import { expect, test, type Page } from '@playwright/test';
import { AuthenticatorApp } from '../support/authenticator';
import { admin } from '../support/env';
import {
  expectNoSeriousA11yViolations,
  navigate,
  registerThroughApi,
  signIn,
  submitSignIn,
  uniqueUser,
} from '../support/helpers';
import { startJourneyBackend, type JourneyBackend } from '../support/server';

const section = (page: Page) => page.getByRole('region', { name: 'Two-factor sign-in' });

/**
 * In the open profile: the password, the key typed into a new app, and the app's first code.
 * `scan` runs axe-core on the step with the QR code.
 */
async function turnOnInProfile(
  page: Page,
  password: string,
  { scan = false } = {},
): Promise<AuthenticatorApp> {
  await section(page).getByRole('button', { name: 'Turn on two-factor' }).click();
  await section(page).getByLabel('Password').fill(password);
  await section(page).getByRole('button', { name: 'Continue' }).click();
  await expect(section(page).getByRole('img', { name: /QR code/ })).toBeVisible();
  if (scan) await expectNoSeriousA11yViolations(page, 'the two-factor enrolment');
  const key = await section(page).getByLabel('Secret key').textContent();
  const app = new AuthenticatorApp(key!.replace(/\s/g, ''));
  await section(page)
    .getByLabel('6-digit code')
    .fill(await app.nextCode());
  await section(page).getByRole('button', { name: 'Turn on two-factor' }).click();
  return app;
}

/** The ten recovery codes shown once: read, "saved", and gone from the page. */
async function saveRecoveryCodes(page: Page): Promise<string[]> {
  const codes = section(page).getByTestId('recovery-code');
  await expect(codes).toHaveCount(10);
  const saved = await codes.allTextContents();
  await section(page).getByRole('checkbox', { name: 'I saved my recovery codes' }).check();
  await section(page).getByRole('button', { name: 'Done' }).click();
  await expect(section(page).getByText('On', { exact: true })).toBeVisible();
  return saved;
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Sends the password; the console answers with the code step. */
async function startSignIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await submitSignIn(page, email, password);
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in', level: 1 })).toBeVisible();
}

async function expectDashboard(page: Page) {
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome, /);
}

test('turn on two-factor, sign in with a code and with a recovery code, turn it off', async ({
  page,
  request,
}) => {
  // Five password checks and two accessibility scans on a shared machine.
  test.slow();
  const person = uniqueUser('Two factor');
  await registerThroughApi(request, person);
  await signIn(page, person.email, person.password);
  let app!: AuthenticatorApp;
  let recoveryCodes: string[] = [];

  await test.step('turn it on from the profile, typing the key into the app', async () => {
    await navigate(page, 'Profile');
    app = await turnOnInProfile(page, person.password, { scan: true });
  });

  await test.step('save the ten recovery codes, shown once', async () => {
    await expect(section(page).getByRole('button', { name: 'Done' })).toBeDisabled();
    const download = page.waitForEvent('download');
    await section(page).getByRole('button', { name: 'Download codes' }).click();
    expect((await download).suggestedFilename()).toBe('gv-playground-recovery-codes.txt');
    recoveryCodes = await saveRecoveryCodes(page);
    await expect(section(page).getByTestId('recovery-codes-left')).toHaveText('10');
  });

  await test.step('sign in: the password, then a code from the app', async () => {
    await signOut(page);
    await startSignIn(page, person.email, person.password);
    const code = page.getByLabel('Authentication code');
    await code.fill(app.wrongCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(code).toHaveAccessibleDescription(/This code is wrong or was already used/);
    await expectNoSeriousA11yViolations(page, 'the sign-in code step with an error');

    await code.fill(await app.nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectDashboard(page);
  });

  await test.step('sign in with a recovery code instead; one fewer is left', async () => {
    await signOut(page);
    await startSignIn(page, person.email, person.password);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectDashboard(page);
    await navigate(page, 'Profile');
    await expect(section(page).getByTestId('recovery-codes-left')).toHaveText('9');
  });

  await test.step('turn it off with the password and a code; the password alone signs in', async () => {
    await section(page).getByRole('button', { name: 'Turn off two-factor…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn off two-factor sign-in?' });
    await dialog.getByLabel('Password').fill(person.password);
    // A recovery code, so the journey never waits for the app's next 30-second step.
    await dialog.getByLabel('Code from your app or a recovery code').fill(recoveryCodes[1]!);
    await dialog.getByRole('button', { name: 'Turn off' }).click();
    await expect(page.getByText('Two-factor sign-in is off.')).toBeVisible();
    await expect(section(page).getByText('Off', { exact: true })).toBeVisible();

    await signOut(page);
    await signIn(page, person.email, person.password);
  });
});

test('an admin resets the two-factor sign-in of someone who lost their phone', async ({
  page,
  request,
}) => {
  const person = uniqueUser('Lost phone');
  await registerThroughApi(request, person);
  const credentials = { email: person.email, password: person.password };

  await test.step('they turned two-factor on earlier (through the API)', async () => {
    const login = await request.post('/api/auth/login', { data: credentials });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { Authorization: `Bearer ${accessToken}` };
    const started = await request.post('/api/account/two-factor/enrolment', {
      headers,
      data: { password: person.password },
    });
    expect(started.status(), await started.text()).toBe(200);
    const app = new AuthenticatorApp(((await started.json()) as { secret: string }).secret);
    const confirmed = await request.post('/api/account/two-factor/enrolment/confirm', {
      headers,
      data: { code: await app.nextCode() },
    });
    expect(confirmed.status(), await confirmed.text()).toBe(200);
  });

  await test.step('the admin sees it on in the list and resets it after a confirmation', async () => {
    await signIn(page, admin.email, admin.password);
    await page.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
    const row = page.getByTestId('user-row').filter({ hasText: person.email });
    await expect(row.getByText('two-factor on').filter({ visible: true })).toBeVisible();
    await row.getByRole('link', { name: `Manage ${person.name} (${person.email})` }).click();

    await page.getByRole('button', { name: 'Reset two-factor…' }).click();
    const dialog = page.getByRole('dialog', {
      name: `Reset two-factor sign-in for ${person.name}?`,
    });
    await dialog.getByRole('button', { name: 'Reset two-factor' }).click();
    await expect(page.getByText(`Two-factor sign-in for ${person.name} is off.`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reset two-factor…' })).toHaveCount(0);
  });

  await test.step('their password alone signs them in again', async () => {
    const login = await request.post('/api/auth/login', { data: credentials });
    expect(login.status()).toBe(200);
    expect(await login.json()).toMatchObject({ twoFactorRequired: false });
  });
});

// A server of this test's own that requires two-factor sign-in of admins (REQUIRE_ADMIN_2FA).
const requiringAdmins = test.extend<object, { strictBackend: JourneyBackend }>({
  strictBackend: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const backend = await startJourneyBackend(await freePort(), { REQUIRE_ADMIN_2FA: 'true' });
      await use(backend);
      await backend.dispose();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ strictBackend }, use) => use(strictBackend.url),
});

requiringAdmins(
  'where admins must use two-factor, an admin is led to turn it on',
  async ({ page }) => {
    await signIn(page, admin.email, admin.password);

    await test.step('an admin page asks for two-factor sign-in first', async () => {
      await navigate(page, 'Users');
      await expect(
        page.getByRole('heading', { name: 'Two-factor sign-in required', level: 1 }),
      ).toBeVisible();
      await expectNoSeriousA11yViolations(page, 'the two-factor-required notice');
      await page.getByRole('link', { name: 'Turn on two-factor sign-in' }).click();
      await expect(page).toHaveURL(/\/profile#two-factor$/);
    });

    await test.step('turned on, the admin pages open', async () => {
      await turnOnInProfile(page, admin.password);
      await saveRecoveryCodes(page);
      await navigate(page, 'Users');
      await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
      await expect(page.getByTestId('user-row').first()).toBeVisible();
    });
  },
);
