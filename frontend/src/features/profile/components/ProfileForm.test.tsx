import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAuth, makeUser, type FakeRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const ada = makeUser({ name: 'Ada Lovelace' });
const grace = makeUser({
  id: '55555555-5555-4555-8555-555555555555',
  email: 'grace@example.com',
  name: 'Grace Hopper',
});

/** The profile page as `who` sees it after signing in (a fresh page load, same tab). */
function openProfile(who = ada) {
  return renderApp('/profile', {
    'POST /auth/refresh': () => ({ status: 200, data: makeAuth('token', { user: who }) }),
    'GET /users/me': () => ({ status: 200, data: who }),
    'PATCH /users/me': (request: FakeRequest) => ({
      status: 200,
      data: { ...who, ...(request.body as object) },
    }),
  });
}

afterEach(() => sessionStorage.clear());

describe('profile drafts', () => {
  it('brings back unsaved input after the person has to sign in again, until it is saved', async () => {
    const first = await openProfile();
    const name = await screen.findByLabelText('Name');
    await first.user.clear(name);
    await first.user.type(name, 'Ada King');
    // The session ends: the form goes away with the page, the tab stays.
    first.unmount();

    const second = await openProfile();
    expect(await screen.findByLabelText('Name')).toHaveValue('Ada King');
    expect(screen.getByText(/Your unsaved changes were restored/)).toBeVisible();

    await second.user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(second.server.count('PATCH', '/users/me')).toBe(1));
    await waitFor(() => expect(screen.queryByText(/unsaved changes were restored/)).toBeNull());
    second.unmount();

    await openProfile();
    expect(await screen.findByLabelText('Name')).toHaveValue('Ada Lovelace');
    expect(screen.queryByText(/unsaved changes were restored/)).toBeNull();
  });

  it("never shows one person's draft to another who signs in on the same tab", async () => {
    const first = await openProfile(ada);
    const name = await screen.findByLabelText('Name');
    await first.user.clear(name);
    await first.user.type(name, 'Ada King');
    first.unmount();

    await openProfile(grace);
    expect(await screen.findByLabelText('Name')).toHaveValue('Grace Hopper');
    expect(screen.queryByText(/unsaved changes were restored/)).toBeNull();
  });
});
