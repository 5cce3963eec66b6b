import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

async function fillIn(
  user: Awaited<ReturnType<typeof renderApp>>['user'],
  values: { name: string; email: string; password: string; confirm: string },
) {
  await user.type(await screen.findByLabelText('Name'), values.name);
  await user.type(screen.getByLabelText('Email'), values.email);
  await user.type(screen.getByLabelText('Password'), values.password);
  await user.type(screen.getByLabelText('Confirm password'), values.confirm);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('registration form', () => {
  it('checks length rules and the confirmation before sending anything', async () => {
    const { user, server } = await renderApp('/register');
    await fillIn(user, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'short',
      confirm: 'other',
    });

    expect(await screen.findByLabelText('Password')).toHaveAccessibleDescription(
      expect.stringContaining('Password must be at least 8 characters'),
    );
    expect(screen.getByLabelText('Confirm password')).toHaveAccessibleDescription(
      'The two passwords do not match',
    );
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
    expect(server.count('POST', '/auth/register')).toBe(0);
  });

  it('says a missing email is required, not invalid', async () => {
    const { user, server } = await renderApp('/register');
    await fillIn(user, {
      name: 'Ada',
      email: '   ',
      password: 'a-long-password',
      confirm: 'a-long-password',
    });
    expect(await screen.findByLabelText('Email')).toHaveAccessibleDescription('Email is required');
    expect(server.count('POST', '/auth/register')).toBe(0);
  });

  it('places the server’s field errors (problem+json `errors`) on the matching inputs', async () => {
    const { user } = await renderApp('/register', {
      'POST /auth/register': () =>
        problem(400, 'Bad Request', {
          detail: 'The request is invalid',
          errors: [
            { path: 'password', message: 'This password is too common; choose another' },
            { path: 'email', message: 'Use a real mailbox' },
          ],
        }),
    });
    await fillIn(user, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'password123',
      confirm: 'password123',
    });

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(
      expect.stringContaining('This password is too common; choose another'),
    );
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Use a real mailbox');
    await waitFor(() => expect(screen.getByLabelText('Email')).toHaveFocus());
  });

  it('shows a duplicate email (409 without field errors) as a form alert', async () => {
    const { user } = await renderApp('/register', {
      'POST /auth/register': () =>
        problem(409, 'Conflict', { detail: 'An account with this email already exists' }),
    });
    await fillIn(user, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'a-long-password',
      confirm: 'a-long-password',
    });
    const message = await screen.findByText('An account with this email already exists');
    expect(message.closest('[role="alert"]')).not.toBeNull();
  });

  it('shows how strong the password is, with the email and name counted against it', async () => {
    const { user, server } = await renderApp('/register');
    await user.type(await screen.findByLabelText('Name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada.lovelace@example.com');
    const password = screen.getByLabelText('Password');

    await user.type(password, 'aaaaaaaa');
    expect(await screen.findByText(/Strength:/, {}, { timeout: 5000 })).toHaveTextContent(
      /Very weak.*too easy to guess/,
    );
    await user.clear(password);
    await user.type(password, 'ada.lovelace@example.com');
    await waitFor(() =>
      expect(screen.getByText(/Strength:/)).toHaveTextContent(
        'Do not use your email address or name in your password',
      ),
    );
    await user.clear(password);
    await user.type(password, 'velvet harbour sings to copper owls');
    await waitFor(() =>
      expect(screen.getByText(/Strength:/)).toHaveTextContent(/^Strength: (Strong|Very strong)$/),
    );
    // Only a preview: nothing was sent.
    expect(server.count('POST', '/auth/register')).toBe(0);
  });

  it('signs the new user in and opens the dashboard', async () => {
    const { user, server } = await renderApp('/register', {
      'POST /auth/register': () => ({ status: 201, data: makeAuth('new-user-token') }),
      'GET /sessions': () => ({ status: 200, data: { data: [] } }),
      'GET /logs/mine': () => ({ status: 200, data: { data: [], nextCursor: null } }),
      'GET /health': () => ({ status: 503, data: undefined }),
    });
    await fillIn(user, {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'a-long-password',
      confirm: 'a-long-password',
    });
    expect(await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(server.requests.find((request) => request.url === '/auth/register')?.body).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'a-long-password',
    });
  });
});
