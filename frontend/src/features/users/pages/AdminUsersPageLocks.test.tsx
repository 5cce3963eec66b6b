import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ id: '33333333-3333-4333-8333-333333333333', role: 'admin' });

describe('users list: paused sign-ins', () => {
  it('marks a user whose sign-in is paused after failed attempts, and only while it lasts', async () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString();
    const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
    const users = [
      makeUser({
        id: '44444444-4444-4444-8444-444444444401',
        name: 'Paused Person',
        lockedUntil: inTenMinutes,
      }),
      makeUser({
        id: '44444444-4444-4444-8444-444444444402',
        name: 'Lapsed Pause',
        lockedUntil: aMinuteAgo,
      }),
      makeUser({
        id: '44444444-4444-4444-8444-444444444403',
        name: 'Never Paused',
        lockedUntil: null,
      }),
    ];
    await renderApp('/admin/users', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('admin-token', { user: admin }) }),
      'GET /users/me': () => ({ status: 200, data: admin }),
      'GET /users': () => ({
        status: 200,
        data: {
          data: users,
          pagination: { page: 1, limit: 20, total: 3, pages: 1, hasNext: false, hasPrev: false },
        },
      }),
    });

    const rows = await screen.findAllByTestId('user-row');
    const rowOf = (name: string) => rows.find((row) => within(row).queryByText(name))!;
    expect(within(rowOf('Paused Person')).getByText('sign-in paused')).toBeVisible();
    expect(within(rowOf('Lapsed Pause')).queryByText('sign-in paused')).toBeNull();
    expect(within(rowOf('Never Paused')).queryByText('sign-in paused')).toBeNull();
  });
});
