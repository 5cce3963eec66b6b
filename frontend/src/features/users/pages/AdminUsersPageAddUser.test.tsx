import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem, type FakeRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ id: '33333333-3333-4333-8333-333333333333', role: 'admin' });
const added = makeUser({ name: 'Ada Lovelace', email: 'ada@example.com' });
const PASSWORD = 'Qm3v_8xZ-pL2nR7tY4kW9sHc';

const handlers = {
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: admin }) }),
  'GET /users': () => ({
    status: 200,
    data: {
      data: [],
      pagination: { page: 1, limit: 20, total: 0, pages: 1, hasNext: false, hasPrev: false },
    },
  }),
};

describe('admin adds a user', () => {
  it('shows the generated password once, with a copy button, and forgets it when closed', async () => {
    let sent: FakeRequest | undefined;
    const { user, server } = await renderApp('/admin/users', {
      ...handlers,
      'POST /users': (request) => {
        sent = request;
        return { status: 201, data: { user: added, password: PASSWORD } };
      },
    });
    await screen.findByText('No users yet');

    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const form = await screen.findByRole('dialog', { name: 'Add a user' });
    await user.type(within(form).getByLabelText('Email'), 'ada@example.com');
    await user.type(within(form).getByLabelText('Name'), 'Ada Lovelace');
    await user.selectOptions(within(form).getByLabelText('Role'), 'admin');
    await user.click(within(form).getByRole('button', { name: 'Add user' }));

    const shown = await screen.findByRole('dialog', { name: 'Ada Lovelace can now sign in' });
    expect(sent?.body).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace', role: 'admin' });
    expect(within(shown).getByLabelText('First password')).toHaveTextContent(PASSWORD);
    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    // user-event stands in for the system clipboard.
    expect(await navigator.clipboard.readText()).toBe(PASSWORD);
    expect(within(shown).getByRole('button', { name: 'Copied' })).toBeVisible();
    // The list reloads to include the new account.
    expect(server.count('GET', '/users')).toBeGreaterThan(1);

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText(PASSWORD)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByRole('dialog', { name: 'Add a user' })).toBeVisible();
    expect(screen.queryByText(PASSWORD)).toBeNull();
  });

  it("puts the server's refusal of a taken email in the dialog", async () => {
    const { user } = await renderApp('/admin/users', {
      ...handlers,
      'POST /users': () =>
        problem(409, 'Conflict', { detail: 'An account with this email already exists.' }),
    });
    await screen.findByText('No users yet');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const form = await screen.findByRole('dialog', { name: 'Add a user' });
    await user.type(within(form).getByLabelText('Email'), 'taken@example.com');
    await user.type(within(form).getByLabelText('Name'), 'Taken');
    await user.click(within(form).getByRole('button', { name: 'Add user' }));
    expect(
      await within(form).findByText('An account with this email already exists.'),
    ).toBeVisible();
  });
});
