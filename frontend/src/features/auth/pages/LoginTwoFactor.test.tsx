import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, problem, type FakeRequest, type Reply } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const challenge = {
  twoFactorRequired: true,
  challenge: 'challenge-token-1',
  expiresAt: '2099-01-01T00:05:00.000Z',
};

/** The login page of an account with two-factor sign-in on; `codeStep` answers the code. */
async function openLogin(codeStep: (request: FakeRequest) => Reply) {
  const view = await renderApp('/login?returnTo=%2Fprofile', {
    'POST /auth/login': () => ({ status: 200, data: challenge }),
    'POST /auth/login/two-factor': codeStep,
  });
  await view.user.type(await screen.findByLabelText('Email'), 'ada@example.com');
  await view.user.type(screen.getByLabelText('Password'), 'correct horse');
  await view.user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('heading', { name: 'Two-factor sign-in' });
  return view;
}

const signedIn = (): Reply => ({
  status: 200,
  data: { ...makeAuth('token-after-code'), twoFactorRequired: false },
});

describe('signing in with two-factor sign-in on', () => {
  it('asks for the code after the password and signs in with it', async () => {
    const { user, server, authStore } = await openLogin(signedIn);
    // Nobody is signed in after the password alone.
    expect(authStore.getState().status).toBe('anonymous');

    const code = screen.getByLabelText('Authentication code');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveFocus();
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/profile'));
    expect(server.requests.find((r) => r.url === '/auth/login/two-factor')?.body).toEqual({
      challenge: 'challenge-token-1',
      code: '123456',
    });
    expect(authStore.getState()).toMatchObject({ accessToken: 'token-after-code' });
  });

  it('checks the code’s shape before asking the server', async () => {
    const { user, server } = await openLogin(signedIn);
    await user.type(screen.getByLabelText('Authentication code'), '12345');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(screen.getByLabelText('Authentication code')).toHaveAccessibleDescription(
      /Enter the 6-digit code from your authenticator app/,
    );
    expect(server.count('POST', '/auth/login/two-factor')).toBe(0);
  });

  it('shows the server’s message for a wrong code and lets the person try again', async () => {
    let attempts = 0;
    const { user } = await openLogin(() => {
      attempts += 1;
      return attempts === 1
        ? problem(400, 'Invalid request', {
            detail: 'The request has invalid fields; see errors.',
            errors: [{ path: 'code', message: 'This code is not right. Try the current one.' }],
          })
        : signedIn();
    });
    const code = screen.getByLabelText('Authentication code');
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('This code is not right. Try the current one.')).toBeVisible();
    expect(code).toHaveAttribute('aria-invalid', 'true');

    await user.clear(code);
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/profile'));
  });

  it('takes a recovery code instead, after the switch', async () => {
    const { user, server } = await openLogin(signedIn);
    await user.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    const field = screen.getByLabelText('Recovery code');
    expect(field).toHaveFocus();
    await user.type(field, '7kq2m-xh4pz');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/profile'));
    expect(server.requests.find((r) => r.url === '/auth/login/two-factor')?.body).toEqual({
      challenge: 'challenge-token-1',
      code: '7kq2m-xh4pz',
    });
  });

  it('goes back to the password with the server’s reason when the challenge is over', async () => {
    const { user } = await openLogin(() =>
      problem(401, 'Unauthorized', {
        detail: 'This sign-in has expired; sign in with your password again.',
      }),
    );
    await user.type(screen.getByLabelText('Authentication code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(
      screen.getByText('This sign-in has expired; sign in with your password again.'),
    ).toBeVisible();
    expect(screen.getByLabelText('Email')).toHaveValue('ada@example.com');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('stays on the code step, saying how long to wait, after too many wrong codes', async () => {
    const { user } = await openLogin(() => ({
      ...problem(429, 'Too many wrong codes', {
        detail: 'Too many wrong two-factor codes for this account. Try again in 30 seconds.',
      }),
      headers: { 'retry-after': '30' },
    }));
    await user.type(screen.getByLabelText('Authentication code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const message = await screen.findByText(/Try again in 30 seconds\./);
    expect(message.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  });
});
