import { TWO_FACTOR_REQUIRED_PROBLEM_TYPE } from '@gv/contract';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const pagination = { page: 1, limit: 20, total: 0, pages: 0, hasNext: false, hasPrev: false };

describe('admin pages while the server requires two-factor sign-in of admins', () => {
  it('lead an admin without it to turning it on instead of loading the page', async () => {
    const admin = makeUser({ role: 'admin', twoFactorEnabled: false, twoFactorRequired: true });
    const { user, server } = await renderApp('/admin/users', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: admin }) }),
    });

    expect(
      await screen.findByRole('heading', { name: 'Two-factor sign-in required' }),
    ).toBeVisible();
    expect(server.count('GET', '/users')).toBe(0);
    await user.click(screen.getByRole('link', { name: 'Turn on two-factor sign-in' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/profile'));
    expect(await screen.findByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  });

  it('follow the server’s 403 when the session did not say so', async () => {
    // The refresh answer carries no twoFactorRequired flag; the admin route's answer does.
    const admin = makeUser({ role: 'admin', twoFactorEnabled: false });
    await renderApp('/admin/users', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: admin }) }),
      'GET /users': () =>
        problem(403, 'Forbidden', {
          type: TWO_FACTOR_REQUIRED_PROBLEM_TYPE,
          detail: 'Turn on two-factor sign-in to use the admin pages.',
        }),
    });
    expect(
      await screen.findByRole('heading', { name: 'Two-factor sign-in required' }),
    ).toBeVisible();
  });

  it('open for an admin who has it on', async () => {
    const admin = makeUser({ role: 'admin', twoFactorEnabled: true, twoFactorRequired: true });
    const { server } = await renderApp('/admin/users', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: admin }) }),
      'GET /users': () => ({ status: 200, data: { data: [], pagination } }),
    });
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeVisible();
    await waitFor(() => expect(server.count('GET', '/users')).toBe(1));
  });
});
