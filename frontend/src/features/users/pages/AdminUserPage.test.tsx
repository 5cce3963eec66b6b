import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ id: '33333333-3333-4333-8333-333333333333', role: 'admin' });
const targetId = '44444444-4444-4444-8444-444444444444';

describe('admin user page', () => {
  it('shows a paused sign-in with its end, and Unlock ends it', async () => {
    const pausedUntil = new Date(Date.now() + 10 * 60_000).toISOString();
    let paused = true;
    const { user, server } = await renderApp(`/admin/users/${targetId}`, {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('admin-token', { user: admin }) }),
      'GET /users/me': () => ({ status: 200, data: admin }),
      [`GET /users/${targetId}`]: () => ({
        status: 200,
        data: makeUser({
          id: targetId,
          name: 'Grace Hopper',
          lockedUntil: paused ? pausedUntil : null,
        }),
      }),
      [`GET /users/${targetId}/sessions`]: () => ({ status: 200, data: { data: [] } }),
      [`POST /users/${targetId}/unlock`]: () => {
        paused = false;
        return { status: 200, data: makeUser({ id: targetId, lockedUntil: null }) };
      },
    });

    expect(await screen.findByText(/Paused after failed attempts until/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Unlock sign-in' }));

    expect(await screen.findByText('Grace Hopper can sign in again now.')).toBeVisible();
    await waitFor(() => expect(screen.queryByText(/Paused after failed attempts/)).toBeNull());
    expect(screen.queryByRole('button', { name: 'Unlock sign-in' })).toBeNull();
    expect(server.count('POST', `/users/${targetId}/unlock`)).toBe(1);
  });
});
