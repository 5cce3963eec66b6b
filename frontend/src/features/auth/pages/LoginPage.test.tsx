import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

describe('login form', () => {
  it('says what is missing on the right inputs without calling the server', async () => {
    const { user, server } = await renderApp('/login');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    await screen.findByText('Email is required');

    const email = screen.getByLabelText('Email');
    const password = screen.getByLabelText('Password');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Email is required');
    expect(password).toHaveAccessibleDescription('Password is required');
    // Focus moves to the first invalid input, where a screen reader reads the error.
    await waitFor(() => expect(email).toHaveFocus());

    await user.type(email, 'ada.example.com');
    await user.type(password, 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeVisible();
    expect(password).not.toHaveAttribute('aria-invalid');
    expect(server.count('POST', '/auth/login')).toBe(0);
  });

  it('announces a wrong password as an alert and keeps the user on the page', async () => {
    const { user } = await renderApp('/login', {
      'POST /auth/login': () =>
        problem(401, 'Unauthorized', { detail: 'Invalid email or password' }),
    });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'not-my-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const message = await screen.findByText('Invalid email or password');
    expect(message.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByTestId('location')).toHaveTextContent('/login');
  });

  it('says plainly when sign-in is paused after repeated failures, and until when', async () => {
    const { user } = await renderApp('/login', {
      'POST /auth/login': () => ({
        ...problem(429, 'Too many failed sign-ins', {
          detail: 'Too many failed sign-ins for this email. Try again in 15 minutes.',
        }),
        headers: { 'retry-after': '900' },
      }),
    });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const until = new Date(Date.now() + 900_000).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
    });
    const message = await screen.findByText(/Try again in 15 minutes/);
    expect(message).toHaveTextContent(`Sign-in for this email is paused until ${until}.`);
    expect(message.closest('[role="alert"]')).not.toBeNull();
    expect(message).not.toHaveTextContent(/invalid email or password/i);
  });

  it('signs in and returns to the page the user came from', async () => {
    const { user, server, authStore } = await renderApp('/login?returnTo=%2Fprofile', {
      'POST /auth/login': () => ({ status: 200, data: makeAuth('token-after-login') }),
    });
    await user.type(await screen.findByLabelText('Email'), '  Ada@Example.com ');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/profile'));
    // The contract's schema normalises the email before it is sent.
    expect(server.requests.find((request) => request.url === '/auth/login')?.body).toEqual({
      email: 'ada@example.com',
      password: 'correct horse',
    });
    expect(authStore.getState()).toMatchObject({ accessToken: 'token-after-login' });
  });
});
