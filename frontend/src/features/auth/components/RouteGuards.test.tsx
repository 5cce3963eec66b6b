import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const emptyDashboard = {
  'GET /logs/mine': () => ({ status: 200, data: { data: [], nextCursor: null } }),
  'GET /health': () => ({ status: 503, data: undefined }),
};

describe('route guards', () => {
  it('sends an anonymous visitor of a private page to login, with the way back', async () => {
    await renderApp('/sessions?tab=all');
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '/login?returnTo=%2Fsessions%3Ftab%3Dall',
      ),
    );
  });

  it('restores the session from the refresh cookie on load', async () => {
    await renderApp('/sessions', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('restored') }),
      'GET /sessions': () => ({ status: 200, data: { data: [] } }),
    });
    expect(await screen.findByRole('heading', { name: 'Sessions' })).toBeVisible();
    expect(await screen.findByText('No active sessions')).toBeVisible();
  });

  it('waits for an unreachable server instead of treating the visitor as signed out', async () => {
    let down = true;
    await renderApp('/sessions', {
      'POST /auth/refresh': () =>
        down ? { unreachable: true } : { status: 200, data: makeAuth('restored') },
      'GET /health/live': () => (down ? { unreachable: true } : { status: 200, data: {} }),
      'GET /sessions': () => ({ status: 200, data: { data: [] } }),
    });
    expect(await screen.findByText('Checking your session…')).toBeVisible();
    expect(await screen.findByText(/^Cannot reach the server — retrying/)).toBeVisible();
    expect(screen.getByTestId('location')).toHaveTextContent('/sessions');

    down = false;
    expect(await screen.findByRole('heading', { name: 'Sessions' })).toBeVisible();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/sessions$/);
  });

  it('goes to login with a return path when the session ends mid-use', async () => {
    let refreshes = 0;
    const { server } = await renderApp('/dashboard', {
      // The first refresh restores the session; the next one finds it revoked.
      'POST /auth/refresh': () =>
        ++refreshes === 1
          ? { status: 200, data: makeAuth('soon-revoked') }
          : problem(401, 'Unauthorized', { detail: 'Session revoked' }),
      'GET /sessions': () => problem(401, 'Unauthorized', { detail: 'Session revoked' }),
      ...emptyDashboard,
    });
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('/login?returnTo=%2Fdashboard'),
    );
    expect(
      await screen.findByText('Your session has ended. Sign in again to continue.'),
    ).toBeVisible();
    expect(server.count('POST', '/auth/refresh')).toBe(2);
  });

  it('refuses admin pages to regular users without loading them', async () => {
    const { server } = await renderApp('/admin/users', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('user-token') }),
    });
    expect(await screen.findByRole('heading', { name: 'Admins only' })).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
    expect(server.count('GET', '/users')).toBe(0);
  });

  it('shows admin pages and the admin navigation to admins', async () => {
    const admin = makeAuth('admin-token', { user: makeUser({ role: 'admin', name: 'Grace' }) });
    await renderApp('/admin/users', {
      'POST /auth/refresh': () => ({ status: 200, data: admin }),
      'GET /users': () => ({
        status: 200,
        data: {
          data: [admin.user],
          pagination: { page: 1, limit: 20, total: 1, pages: 1, hasNext: false, hasPrev: false },
        },
      }),
    });
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeVisible();
    expect(
      await screen.findByRole('link', { name: 'Manage Grace (ada@example.com)' }),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'System' })).toBeVisible();
  });
});
