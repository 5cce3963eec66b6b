// What a visitor gets before and as the console's code arrives: a header and a loading status
// from index.html itself, then the page; the code itself compressed at build time.
import { expect, test } from '@playwright/test';
import { externalBaseURL } from '../support/env';

test('index.html shows the header and a loading status until the code arrives', async ({
  page,
}) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/assets/index-*.js', async (route) => {
    await held;
    await route.continue();
  });

  await page.goto('/', { waitUntil: 'commit' });
  const loading = page.getByRole('status').filter({ hasText: 'Loading GV Playground…' });
  await expect(loading).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('GV Playground');

  release();
  await expect(page.getByRole('heading', { name: 'GV Playground', level: 1 })).toBeVisible();
  await expect(loading).toHaveCount(0);
});

test('the code is sent as the build compressed it, with caching that fits each file', async ({
  request,
}) => {
  test.skip(
    Boolean(externalBaseURL),
    'the frontend image has nginx compress on the fly; this checks the backend serving the build',
  );
  const page = await request.get('/', { headers: { Accept: 'text/html' } });
  expect(page.headers()['cache-control']).toBe('no-cache');
  const entry = /<script type="module"[^>]*src="([^"]+)"/.exec(await page.text())?.[1];
  expect(entry, 'index.html names its entry script').toBeTruthy();

  for (const [accepted, sent] of [
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
  ] as const) {
    const script = await request.get(entry!, { headers: { 'Accept-Encoding': accepted } });
    expect(script.status()).toBe(200);
    expect(script.headers()['content-encoding']).toBe(sent);
    expect(script.headers()['content-type']).toMatch(/javascript/);
    expect(script.headers()['vary']).toMatch(/accept-encoding/i);
    expect(script.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await script.text()).length).toBeGreaterThan(10_000);
  }
});
