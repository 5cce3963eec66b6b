// An admin injects a fault from the Playground page, sees it counting down, sees the API fail
// where it applies, clears it, and finds the change in the audit log. The fault is limited to
// /api/logs/export, which no other journey calls: the journeys share one backend.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { admin } from '../support/env';
import { expectNoSeriousA11yViolations, navigate, signIn } from '../support/helpers';

const ROUTE = '/api/logs/export';

async function exportStatus(request: APIRequestContext, token: string): Promise<number> {
  const response = await request.get(ROUTE, { headers: { Authorization: `Bearer ${token}` } });
  return response.status();
}

test('inject a fault from the Playground page, watch it fail requests, clear it', async ({
  page,
  request,
}) => {
  const login = await request.post('/api/auth/login', {
    data: { email: admin.email, password: admin.password },
  });
  expect(login.status()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };

  await signIn(page, admin.email, admin.password);
  await navigate(page, 'Playground');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Playground');
  await expect(page.getByText('No fault active')).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'High error rate' })).toContainText(
    'HighErrorRate',
  );

  await test.step('set a 100% error rate on one route for five minutes', async () => {
    await page.getByLabel('Error rate (%)').fill('100');
    await page.getByLabel('Routes').fill(ROUTE);
    await page.getByLabel('Duration (minutes)').fill('5');
    await page.getByRole('button', { name: 'Set fault' }).click();
    await expect(page.getByText('Fault active')).toBeVisible();
    await expect(page.getByRole('timer', { name: 'Time left' })).toHaveText(/ends in [45]:\d\d/);
    await expect(page.getByText(ROUTE, { exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'playground with a fault active');
  });

  await test.step('the route answers 503 while others keep working', async () => {
    expect(await exportStatus(request, accessToken)).toBe(503);
    const me = await request.get('/api/users/me', {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(me.status()).toBe(200);
  });

  await test.step('Clear ends the fault', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByText('No fault active')).toBeVisible();
    expect(await exportStatus(request, accessToken)).toBe(200);
  });

  await test.step('the audit log shows both changes', async () => {
    await navigate(page, 'Logs');
    await page.getByRole('textbox', { name: 'Event' }).fill('admin.faults.changed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.locator('[data-event="admin.faults.changed"]')).toHaveCount(2);
  });
});
