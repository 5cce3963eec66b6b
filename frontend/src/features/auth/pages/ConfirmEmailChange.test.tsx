import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const ada = makeUser();
const signedIn = {
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: ada }) }),
};

describe('the link mailed to the new address', () => {
  it('completes the change once, and a signed-in tab shows the new address', async () => {
    const { server } = await renderApp('/confirm-email-change?token=tok-9', {
      ...signedIn,
      'POST /account/email/confirm': () => ({ status: 204 }),
      'GET /users/me': () => ({ status: 200, data: { ...ada, email: 'ada.king@example.com' } }),
    });
    const done = await screen.findByText(/Your email address is now/);
    expect(done).toHaveTextContent('Your email address is now ada.king@example.com.');
    expect(server.count('POST', '/account/email/confirm')).toBe(1);
    expect(server.requests.find((r) => r.url === '/account/email/confirm')?.body).toEqual({
      token: 'tok-9',
    });
  });

  it('says why a spent link failed', async () => {
    await renderApp('/confirm-email-change?token=old', {
      'POST /account/email/confirm': () =>
        problem(400, 'Invalid request', {
          errors: [{ path: 'token', message: 'This link is invalid or expired.' }],
        }),
    });
    const message = await screen.findByText(/This link is invalid or expired\./);
    expect(message.closest('[role="alert"]')).not.toBeNull();
  });
});
