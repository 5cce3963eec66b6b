import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, type FakeRequest } from '../../../test/fakeServer';
import { makeLogEntry } from '../../../test/logEntries';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ id: '33333333-3333-4333-8333-333333333333', role: 'admin' });
const adaId = '44444444-4444-4444-8444-444444444444';

const entry = makeLogEntry;

async function renderLogs(path = '/admin/logs') {
  return renderApp(path, {
    'POST /auth/refresh': () => ({ status: 200, data: makeAuth('admin-token', { user: admin }) }),
    'GET /users/me': () => ({ status: 200, data: admin }),
    'GET /logs': () => ({
      status: 200,
      data: {
        data: [
          entry(2, {
            userId: adaId,
            actor: { name: 'Ada Lovelace', email: 'ada@example.com' },
          }),
          entry(1, { event: 'auth.logout', message: 'Signed out', actorDeleted: true }),
        ],
        nextCursor: null,
      },
    }),
  });
}

const lastLogsQuery = (requests: FakeRequest[]) =>
  requests.filter((request) => request.url === '/logs').at(-1)?.params as Record<string, unknown>;

describe('admin logs page', () => {
  it("names each event's user by name and email, and a deleted user as such", async () => {
    await renderLogs();
    const link = await screen.findByRole('link', { name: 'Ada Lovelace (ada@example.com)' });
    expect(link).toHaveAttribute('href', `/admin/users/${adaId}`);
    expect(screen.getByText('User: deleted user')).toBeVisible();
  });

  it('explains event wildcards and that a level includes those above it', async () => {
    await renderLogs();
    expect(
      await screen.findByText('A name, or a prefix ending in *: auth.* is every sign-in event.'),
    ).toBeVisible();
    expect(screen.getByRole('option', { name: 'warn and above' })).toBeInTheDocument();
  });

  it('searches by user and message text, and shows token refreshes only when asked', async () => {
    const { user, server } = await renderLogs();
    await screen.findByText('Ada Lovelace (ada@example.com)');
    await user.type(screen.getByLabelText('User'), 'ada@example.com');
    await user.type(screen.getByLabelText('Message contains'), 'signed');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(lastLogsQuery(server.requests)).toMatchObject({
        user: 'ada@example.com',
        q: 'signed',
      }),
    );
    expect(lastLogsQuery(server.requests)).not.toHaveProperty('refreshes');
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/admin/logs?user=ada%40example.com&q=signed',
    );

    await user.click(screen.getByRole('checkbox', { name: 'Include token refreshes' }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(lastLogsQuery(server.requests)).toMatchObject({ refreshes: 'show' }),
    );
  });

  it('refuses a search longer than the server accepts, on the field', async () => {
    const { user } = await renderLogs();
    await screen.findByText('Ada Lovelace (ada@example.com)');
    await user.click(screen.getByLabelText('Message contains'));
    await user.paste('x'.repeat(101));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(await screen.findByText('At most 100 characters')).toBeVisible();
  });
});
