import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({
  id: '33333333-3333-4333-8333-333333333333',
  role: 'admin',
  name: 'Ada Admin',
});
const targetId = '44444444-4444-4444-8444-444444444444';
const signedInAdmin = {
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('admin-token', { user: admin }) }),
  [`GET /users/${targetId}/sessions`]: () => ({ status: 200, data: { data: [] } }),
};

describe('two-factor sign-in on the admin pages', () => {
  it('shows each user’s email confirmation and two-factor state in the list', async () => {
    const grace = makeUser({ id: targetId, name: 'Grace', emailVerified: false });
    const linus = makeUser({
      id: '55555555-5555-4555-8555-555555555555',
      name: 'Linus',
      email: 'linus@example.com',
      twoFactorEnabled: true,
    });
    await renderApp('/admin/users', {
      ...signedInAdmin,
      'GET /users': () => ({
        status: 200,
        data: {
          data: [grace, linus],
          pagination: { page: 1, limit: 20, total: 2, pages: 1, hasNext: false, hasPrev: false },
        },
      }),
    });
    const [graceRow, linusRow] = await screen.findAllByTestId('user-row');
    // jsdom applies no media queries: the phone's badge line and the column both render.
    expect(within(graceRow!).getAllByText('email not confirmed')[0]).toBeInTheDocument();
    expect(within(graceRow!).getAllByText('two-factor off')[0]).toBeInTheDocument();
    expect(within(linusRow!).getAllByText('email confirmed')[0]).toBeInTheDocument();
    expect(within(linusRow!).getAllByText('two-factor on')[0]).toBeInTheDocument();
  });

  it('resets a user’s two-factor sign-in after a confirmation', async () => {
    let enabled = true;
    const { user, server } = await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      [`GET /users/${targetId}`]: () => ({
        status: 200,
        data: makeUser({ id: targetId, name: 'Grace Hopper', twoFactorEnabled: enabled }),
      }),
      [`DELETE /users/${targetId}/two-factor`]: () => {
        enabled = false;
        return { status: 204 };
      },
    });
    expect(await screen.findByText('on: sign-in asks for a code from an app')).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Reset two-factor…' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Reset two-factor sign-in for Grace Hopper?',
    });
    expect(dialog).toHaveAccessibleDescription(/every session of theirs ends/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(server.count('DELETE', `/users/${targetId}/two-factor`)).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Reset two-factor…' }));
    await user.click(screen.getByRole('button', { name: 'Reset two-factor' }));
    expect(await screen.findByText(/Two-factor sign-in for Grace Hopper is off/)).toBeVisible();
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /Reset two-factor/ })).toBeNull(),
    );
    expect(server.count('DELETE', `/users/${targetId}/two-factor`)).toBe(1);
  });
});
