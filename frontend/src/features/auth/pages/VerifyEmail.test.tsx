import { VERIFICATION_MAIL_ACCEPTED } from '@gv/contract';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const unconfirmed = makeUser({ email: 'ada@example.com', emailVerified: false });
const signedInAs = (user = unconfirmed) => ({
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user }) }),
});

describe('confirming an email address', () => {
  it('sends the token from the link once and says the address is confirmed', async () => {
    const { server } = await renderApp('/verify-email?token=tok-123', {
      'POST /auth/verify-email': () => ({ status: 204 }),
    });
    expect(await screen.findByText(/Your email address is confirmed/)).toBeVisible();
    expect(server.count('POST', '/auth/verify-email')).toBe(1);
    expect(server.requests.find((r) => r.url === '/auth/verify-email')?.body).toEqual({
      token: 'tok-123',
    });
  });

  it('shows why a spent or expired link failed', async () => {
    await renderApp('/verify-email?token=old', {
      'POST /auth/verify-email': () =>
        problem(400, 'Bad Request', {
          detail: 'The request is invalid',
          errors: [{ path: 'token', message: 'This confirmation link is invalid or expired.' }],
        }),
    });
    const message = await screen.findByText(/This confirmation link is invalid or expired\./);
    expect(message.closest('[role="alert"]')).not.toBeNull();
  });

  it('a signed-in tab drops the banner once the link is followed', async () => {
    await renderApp('/verify-email?token=tok-123', {
      ...signedInAs(),
      'POST /auth/verify-email': () => ({ status: 204 }),
      'GET /users/me': () => ({ status: 200, data: { ...unconfirmed, emailVerified: true } }),
    });
    expect(await screen.findByText(/Your email address is confirmed/)).toBeVisible();
    await waitFor(() => expect(screen.queryByText(/Please confirm your email address/)).toBeNull());
  });

  it('drops the banner when the session is restored only after the link was accepted', async () => {
    // Opened from the mail, the page restores the session and sends the token at the same time;
    // the restored user was read before the confirmation and must not stay on screen.
    let confirmed = false;
    let accepted: () => void = () => {};
    const linkAccepted = new Promise<void>((resolve) => (accepted = resolve));
    await renderApp('/verify-email?token=tok-123', {
      'POST /auth/refresh': async () => {
        await linkAccepted;
        return { status: 200, data: makeAuth('t', { user: unconfirmed }) };
      },
      'POST /auth/verify-email': () => {
        confirmed = true;
        setTimeout(accepted, 10);
        return { status: 204 };
      },
      'GET /users/me': () => ({ status: 200, data: { ...unconfirmed, emailVerified: confirmed } }),
    });
    expect(await screen.findByText(/Your email address is confirmed/)).toBeVisible();
    await screen.findByRole('link', { name: 'Go to the dashboard' });
    await waitFor(() => expect(screen.queryByText(/Please confirm your email address/)).toBeNull());
  });
});

describe('the banner for unconfirmed accounts', () => {
  it('asks to confirm and mails a new link on request', async () => {
    const { user, server } = await renderApp('/profile', {
      ...signedInAs(),
      'POST /auth/verify-email/resend': () => ({ status: 202, data: VERIFICATION_MAIL_ACCEPTED }),
    });
    expect(await screen.findByText(/Please confirm your email address/)).toHaveTextContent(
      'ada@example.com',
    );
    await user.click(screen.getByRole('button', { name: 'Resend the link' }));
    expect(await screen.findByText(VERIFICATION_MAIL_ACCEPTED.message)).toBeVisible();
    expect(server.count('POST', '/auth/verify-email/resend')).toBe(1);
  });

  it('is not shown to confirmed users', async () => {
    await renderApp('/profile', signedInAs(makeUser({ emailVerified: true })));
    expect(await screen.findByRole('heading', { level: 1 })).toBeVisible();
    expect(screen.queryByText(/Please confirm your email address/)).toBeNull();
  });
});
