import { PASSWORD_RESET_ACCEPTED } from '@gv/contract';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

describe('forgot password', () => {
  it('is linked from the sign-in page', async () => {
    const { user } = await renderApp('/login');
    await user.click(await screen.findByRole('link', { name: 'Forgot password?' }));
    expect(
      await screen.findByRole('heading', { name: 'Forgot your password?' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/forgot-password');
  });

  it("sends the email and shows the server's answer, which is the same for every email", async () => {
    const { user, server } = await renderApp('/forgot-password', {
      'POST /auth/password-reset/request': () => ({ status: 202, data: PASSWORD_RESET_ACCEPTED }),
    });
    await user.type(await screen.findByLabelText('Email'), ' Ada@Example.com ');
    await user.click(screen.getByRole('button', { name: 'Mail me a link' }));

    expect(await screen.findByText(PASSWORD_RESET_ACCEPTED.message)).toBeVisible();
    expect(server.requests.at(-1)?.body).toEqual({ email: 'ada@example.com' });
  });

  it('checks the email before sending anything', async () => {
    const { user, server } = await renderApp('/forgot-password');
    await user.type(await screen.findByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Mail me a link' }));
    expect(await screen.findByText('Enter a valid email address')).toBeVisible();
    expect(server.count('POST', '/auth/password-reset/request')).toBe(0);
  });

  it('says when too many requests were made', async () => {
    const { user } = await renderApp('/forgot-password', {
      'POST /auth/password-reset/request': () =>
        problem(429, 'Too many requests', {
          detail: 'Too many password-reset requests for this email; try again later.',
        }),
    });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Mail me a link' }));
    const message = await screen.findByText(/Too many password-reset requests/);
    expect(message.closest('[role="alert"]')).not.toBeNull();
  });
});

describe('reset password page', () => {
  const fill = async (
    user: Awaited<ReturnType<typeof renderApp>>['user'],
    password: string,
    confirm = password,
  ) => {
    await user.type(await screen.findByLabelText('New password'), password);
    await user.type(screen.getByLabelText('Confirm new password'), confirm);
    await user.click(screen.getByRole('button', { name: 'Set password' }));
  };

  it('sets the password with the token from the link and offers to sign in', async () => {
    const { user, server } = await renderApp('/reset-password?token=tok-123', {
      'POST /auth/password-reset/confirm': () => ({ status: 204 }),
    });
    await fill(user, 'Correct horse, new battery');

    expect(await screen.findByText(/Your password is set/)).toBeVisible();
    expect(server.requests.at(-1)?.body).toEqual({
      token: 'tok-123',
      password: 'Correct horse, new battery',
    });
    await user.click(screen.getByRole('link', { name: 'Sign in with the new password' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login'));
  });

  it('checks that the two passwords match before sending', async () => {
    const { user, server } = await renderApp('/reset-password?token=tok-123');
    await fill(user, 'Correct horse, new battery', 'something else entirely');
    expect(screen.getByLabelText('Confirm new password')).toHaveAccessibleDescription(
      'The two passwords do not match',
    );
    expect(server.count('POST', '/auth/password-reset/confirm')).toBe(0);
  });

  it("shows an expired or used link as an alert, and the policy's verdict on the password field", async () => {
    let answer = problem(400, 'Bad Request', {
      detail: 'The request is invalid',
      errors: [{ path: 'password', message: 'This password is too common; choose another' }],
    });
    const { user } = await renderApp('/reset-password?token=tok-123', {
      'POST /auth/password-reset/confirm': () => answer,
    });
    await fill(user, 'password123');
    const password = screen.getByLabelText('New password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(
      expect.stringContaining('This password is too common'),
    );

    answer = problem(400, 'Bad Request', {
      detail: 'The request is invalid',
      errors: [{ path: 'token', message: 'This link is invalid, expired or already used.' }],
    });
    await user.clear(password);
    await user.clear(screen.getByLabelText('Confirm new password'));
    await fill(user, 'Correct horse, new battery');
    const message = await screen.findByText('This link is invalid, expired or already used.');
    expect(message.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  });

  it('explains what to do when opened without the token', async () => {
    await renderApp('/reset-password');
    expect(await screen.findByText(/needs the link from the password-reset mail/)).toBeVisible();
    expect(screen.queryByLabelText('New password')).toBeNull();
  });
});
