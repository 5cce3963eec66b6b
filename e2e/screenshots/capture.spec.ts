// Captures every page, light and dark, at desktop and phone width, into docs/screenshots/.
// Run with `npm run screenshots` (the server starts on a fresh database, as for the journeys).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin } from '../support/env';
import { signIn } from '../support/helpers';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** People for the Users page; the password is only for this throwaway database. */
const DEMO_PEOPLE = [
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Linus Torvalds',
  'Margaret Hamilton',
  'Ken Thompson',
  'Barbara Liskov',
  'Dennis Ritchie',
];

interface Shot {
  name: string;
  path: string | ((page: Page) => Promise<string>);
  heading: string | RegExp;
  signedIn: boolean;
  phone?: boolean;
}

const SHOTS: Shot[] = [
  { name: 'home', path: '/', heading: 'GV Playground', signedIn: false, phone: true },
  { name: 'login', path: '/login', heading: 'Sign in', signedIn: false, phone: true },
  { name: 'register', path: '/register', heading: 'Create an account', signedIn: false },
  { name: 'not-found', path: '/no-such-page', heading: 'Page not found', signedIn: false },
  { name: 'dashboard', path: '/dashboard', heading: /^Welcome, /, signedIn: true, phone: true },
  { name: 'profile', path: '/profile', heading: 'Profile', signedIn: true },
  { name: 'sessions', path: '/sessions', heading: 'Sessions', signedIn: true, phone: true },
  { name: 'admin-users', path: '/admin/users', heading: 'Users', signedIn: true, phone: true },
  {
    name: 'admin-user',
    path: async (page) => {
      await page.goto('/admin/users?q=grace');
      const link = page.getByRole('link', { name: /^Manage Grace Hopper/ });
      return (await link.getAttribute('href')) ?? '/admin/users';
    },
    heading: 'Grace Hopper',
    signedIn: true,
  },
  { name: 'admin-logs', path: '/admin/logs', heading: 'Logs', signedIn: true },
  { name: 'admin-system', path: '/admin/system', heading: 'System', signedIn: true, phone: true },
];

async function seedDemoData(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  for (const [index, name] of DEMO_PEOPLE.entries()) {
    const email = `${name.split(' ')[0]!.toLowerCase()}@example.com`;
    const password = 'demo-password-123';
    await context.request.post('/api/auth/register', { data: { name, email, password } });
    if (index % 3 === 0) {
      await context.request.post('/api/auth/login', { data: { email, password: 'typo-password' } });
    }
  }
  // The admin signed in from a phone too, so the Sessions page lists two devices.
  const phone = await browser.newContext({ baseURL, userAgent: IPHONE_SAFARI });
  await signIn(await phone.newPage(), admin.email, admin.password);
  await phone.close();
  await context.close();
}

async function capture(page: Page, shot: Shot, file: string) {
  const target = typeof shot.path === 'string' ? shot.path : await shot.path(page);
  await page.goto(target);
  await expect(page.getByRole('heading', { level: 1, name: shot.heading })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading|Checking/ })).toHaveCount(0);
  if (shot.name === 'admin-system') {
    // Let the charts collect a few points.
    await expect
      .poll(
        async () => Number(await page.getByTestId('chart').first().getAttribute('data-samples')),
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThanOrEqual(5);
  }
  await page.screenshot({ path: path.join(outDir, file), animations: 'disabled' });
}

test('capture every page in both themes', async ({ browser, baseURL }) => {
  mkdirSync(outDir, { recursive: true });
  await seedDemoData(browser, baseURL!);

  for (const theme of ['light', 'dark'] as const) {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const context = await browser.newContext({ baseURL, viewport, colorScheme: theme });
      const page = await context.newPage();
      let signedIn = false;
      for (const shot of SHOTS) {
        if (device === 'phone' && !shot.phone) continue;
        if (shot.signedIn && !signedIn) {
          await signIn(page, admin.email, admin.password);
          signedIn = true;
        }
        if (!shot.signedIn && signedIn) continue;
        const suffix = device === 'phone' ? `phone-${theme}` : theme;
        await capture(page, shot, `${shot.name}-${suffix}.png`);
      }
      await context.close();
    }
  }
});
