import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem } from '../../../test/fakeServer';
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
  [`GET /users/${admin.id}/sessions`]: () => ({ status: 200, data: { data: [] } }),
};

/** A user the test can change through PATCH, as the server would. */
function editableUser(initial: Parameters<typeof makeUser>[0]) {
  let user = makeUser({ id: targetId, name: 'Grace Hopper', ...initial });
  const patches: unknown[] = [];
  return {
    patches,
    handlers: {
      [`GET /users/${user.id}`]: () => ({ status: 200, data: user }),
      [`PATCH /users/${user.id}`]: (request: { body: unknown }) => {
        patches.push(request.body);
        user = { ...user, ...(request.body as object) };
        return { status: 200, data: user };
      },
    },
  };
}

describe('admin user page', () => {
  it('shows a paused sign-in with its end, and Unlock ends it', async () => {
    const pausedUntil = new Date(Date.now() + 10 * 60_000).toISOString();
    let paused = true;
    const { user, server } = await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      [`GET /users/${targetId}`]: () => ({
        status: 200,
        data: makeUser({
          id: targetId,
          name: 'Grace Hopper',
          lockedUntil: paused ? pausedUntil : null,
        }),
      }),
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

  it('says there is no such user for an id that cannot exist, without "see errors"', async () => {
    await renderApp('/admin/users/not-a-uuid', {
      ...signedInAdmin,
      'GET /users/not-a-uuid': () =>
        problem(400, 'Bad Request', {
          detail: 'The request has invalid fields; see errors.',
          errors: [{ path: 'id', message: 'Must be a valid id' }],
        }),
    });
    expect(await screen.findByRole('heading', { name: 'No such user' })).toBeVisible();
    expect(screen.getByText('not-a-uuid', { selector: 'code' })).toBeVisible();
    expect(screen.queryByText(/see errors/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Back to users' })).toBeVisible();
  });

  it('says there is no such user when the server has none with that id', async () => {
    await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      [`GET /users/${targetId}`]: () =>
        problem(404, 'Not Found', { detail: 'No user with this id.' }),
    });
    expect(await screen.findByRole('heading', { name: 'No such user' })).toBeVisible();
  });

  it('lists the field errors of a refused request instead of pointing at them', async () => {
    await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      [`GET /users/${targetId}`]: () =>
        problem(400, 'Bad Request', {
          detail: 'The request has invalid fields; see errors.',
          errors: [{ path: 'id', message: 'Must be a valid id' }],
        }),
    });
    expect(await screen.findByText(/Must be a valid id/)).toHaveTextContent(
      'id: Must be a valid id',
    );
    expect(screen.getByText('Could not load this')).toBeVisible();
  });

  it('asks before making someone an admin: Cancel keeps the role, confirming changes it', async () => {
    const target = editableUser({ role: 'user' });
    const { user } = await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      ...target.handlers,
    });

    await user.click(await screen.findByRole('button', { name: 'Make admin' }));
    const dialog = screen.getByRole('dialog', { name: 'Make Grace Hopper an admin?' });
    expect(dialog).toHaveAccessibleDescription(/manage every account/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(target.patches).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Make admin' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Make admin' }),
    );
    expect(await screen.findByText('Grace Hopper is now an admin.')).toBeVisible();
    expect(target.patches).toEqual([{ role: 'admin' }]);
    expect(await screen.findByRole('button', { name: 'Make regular user' })).toBeVisible();
  });

  it("shows whether the email is confirmed, and the server's refusal to promote an unconfirmed account", async () => {
    const refusal =
      'This account has not confirmed its email address yet: it can become an admin once it has.';
    const { user } = await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      [`GET /users/${targetId}`]: () => ({
        status: 200,
        data: makeUser({ id: targetId, name: 'Grace Hopper', emailVerified: false }),
      }),
      [`PATCH /users/${targetId}`]: () => problem(409, 'Conflict', { detail: refusal }),
    });

    expect(await screen.findByText(/not confirmed yet/)).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Make admin' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Make admin' }),
    );
    expect(await screen.findByText(refusal)).toBeVisible();
  });

  it('asks before disabling an account, saying they will be signed out everywhere', async () => {
    const target = editableUser({ status: 'active' });
    const { user } = await renderApp(`/admin/users/${targetId}`, {
      ...signedInAdmin,
      ...target.handlers,
    });

    await user.click(await screen.findByRole('button', { name: 'Disable account' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable Grace Hopper?' });
    expect(dialog).toHaveAccessibleDescription(/signed out on every device/);
    await user.click(within(dialog).getByRole('button', { name: 'Disable account' }));
    expect(
      await screen.findByText('Grace Hopper is disabled and signed out everywhere.'),
    ).toBeVisible();
    expect(target.patches).toEqual([{ status: 'disabled' }]);
  });

  it('shows the last-admin refusal in the dialog and keeps the role', async () => {
    const { user } = await renderApp(`/admin/users/${admin.id}`, {
      ...signedInAdmin,
      [`GET /users/${admin.id}`]: () => ({ status: 200, data: admin }),
      [`PATCH /users/${admin.id}`]: () =>
        problem(409, 'Conflict', {
          detail:
            'You cannot demote or disable the last active admin: at least one active admin must remain.',
        }),
    });

    await user.click(await screen.findByRole('button', { name: 'Make regular user' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove your own admin rights?' });
    expect(dialog).toHaveAccessibleDescription(/lose access to the admin pages/);
    await user.click(within(dialog).getByRole('button', { name: 'Remove my admin rights' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'at least one active admin must remain',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('link', { name: 'Users' })).toBeVisible();
    expect(screen.getByTestId('location')).toHaveTextContent(`/admin/users/${admin.id}`);
  });

  it('demoting yourself takes you out of the admin pages once confirmed', async () => {
    let me = admin;
    const { user } = await renderApp(`/admin/users/${admin.id}`, {
      ...signedInAdmin,
      [`GET /users/${admin.id}`]: () => ({ status: 200, data: me }),
      [`PATCH /users/${admin.id}`]: () => {
        me = { ...me, role: 'user' };
        return { status: 200, data: me };
      },
      'GET /sessions': () => ({ status: 200, data: { data: [] } }),
      'GET /logs/mine': () => ({ status: 200, data: { data: [], nextCursor: null } }),
      'GET /health': () => ({ status: 503, data: undefined }),
    });

    await user.click(await screen.findByRole('button', { name: 'Make regular user' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove my admin rights' }),
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/dashboard'));
    expect(await screen.findByText('You are no longer an admin.')).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Users' })).toBeNull();
  });
});
