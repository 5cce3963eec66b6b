import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem, type FakeRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const RECOVERY_CODES = Array.from({ length: 10 }, (_, index) => `${index + 2}kq2m-xh4pz`);
const offStatus = { enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredForMe: false };
const onStatus = {
  enabled: true,
  enabledAt: '2025-01-01T10:00:00.000Z',
  recoveryCodesLeft: 10,
  requiredForMe: false,
};

/** The profile of a user whose two-factor state the fake server keeps, as the real one would. */
async function openProfile(
  initiallyOn: boolean,
  handlers: Record<string, (request: FakeRequest) => { status: number; data?: unknown }> = {},
) {
  let on = initiallyOn;
  const me = () => makeUser({ twoFactorEnabled: on });
  const view = await renderApp('/profile', {
    'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: me() }) }),
    'GET /users/me': () => ({ status: 200, data: me() }),
    'GET /account/two-factor': () => ({ status: 200, data: on ? onStatus : offStatus }),
    'POST /account/two-factor/enrolment': () => ({
      status: 200,
      data: {
        secret: 'JBSWY3DPEHPK3PXP',
        otpauthUri: 'otpauth://totp/GV%20Playground:ada%40example.com?secret=JBSWY3DPEHPK3PXP',
        // A hostile document: it must never run or reach the page.
        qrCodeSvg: '<svg xmlns="http://www.w3.org/2000/svg"><script>window.owned=1</script></svg>',
        expiresAt: '2099-01-01T00:10:00.000Z',
      },
    }),
    'POST /account/two-factor/enrolment/confirm': () => {
      on = true;
      return { status: 200, data: { recoveryCodes: RECOVERY_CODES } };
    },
    'POST /account/two-factor/disable': () => {
      on = false;
      return { status: 204 };
    },
    ...handlers,
  });
  const section = within(await screen.findByRole('region', { name: 'Two-factor sign-in' }));
  return { ...view, section };
}

describe('turning on two-factor sign-in', () => {
  it('asks for the password, shows the QR code safely and the key, and takes a first code', async () => {
    const { user, section, server, authStore } = await openProfile(false);
    expect(await section.findByText('Off')).toBeVisible();
    await user.click(section.getByRole('button', { name: 'Turn on two-factor' }));
    await user.type(section.getByLabelText('Password'), 'correct horse');
    await user.click(section.getByRole('button', { name: 'Continue' }));

    const qr = await section.findByRole('img', { name: /QR code/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(document.querySelector('script')).toBeNull();
    expect(section.getByLabelText('Secret key')).toHaveTextContent('JBSW Y3DP EHPK 3PXP');

    const code = section.getByLabelText('6-digit code');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await user.type(code, '123456');
    await user.click(section.getByRole('button', { name: 'Turn on two-factor' }));

    // The codes are shown once, and the person says they saved them before going on.
    const codes = await section.findAllByTestId('recovery-code');
    expect(codes.map((item) => item.textContent)).toEqual(RECOVERY_CODES);
    const done = section.getByRole('button', { name: 'Done' });
    expect(done).toBeDisabled();
    await user.click(section.getByRole('checkbox', { name: 'I saved my recovery codes' }));
    await user.click(done);

    expect(await screen.findByText(/Two-factor sign-in is on/)).toBeVisible();
    expect(await section.findByText('On')).toBeVisible();
    expect(section.queryAllByTestId('recovery-code')).toHaveLength(0);
    expect(server.requests.find((r) => r.url.endsWith('/enrolment'))?.body).toEqual({
      password: 'correct horse',
    });
    // The console's user follows, so the admin guard knows at once.
    await waitFor(() =>
      expect(authStore.getState()).toMatchObject({ user: { twoFactorEnabled: true } }),
    );
  });

  it('keeps the password step with the server’s word on a wrong password', async () => {
    const { user, section } = await openProfile(false, {
      'POST /account/two-factor/enrolment': () =>
        problem(400, 'Invalid request', {
          errors: [{ path: 'password', message: 'Password is wrong' }],
        }),
    });
    await user.click(await section.findByRole('button', { name: 'Turn on two-factor' }));
    await user.type(section.getByLabelText('Password'), 'not it');
    await user.click(section.getByRole('button', { name: 'Continue' }));
    expect(await section.findByText('Password is wrong')).toBeVisible();
    expect(section.queryByRole('img', { name: /QR code/ })).toBeNull();
  });
});

describe('with two-factor sign-in on', () => {
  it('turns it off with the password and a code, refusing a wrong code in the dialog', async () => {
    let tries = 0;
    const { user, section } = await openProfile(true, {
      'POST /account/two-factor/disable': () => {
        tries += 1;
        if (tries === 1) {
          return problem(400, 'Invalid request', {
            errors: [{ path: 'code', message: 'This code is not right.' }],
          });
        }
        return { status: 204 };
      },
    });
    expect(await section.findByTestId('recovery-codes-left')).toHaveTextContent('10');
    await user.click(section.getByRole('button', { name: 'Turn off two-factor…' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Turn off two-factor sign-in?' }));
    await user.type(dialog.getByLabelText('Password'), 'correct horse');
    await user.type(dialog.getByLabelText('Code from your app or a recovery code'), '000000');
    await user.click(dialog.getByRole('button', { name: 'Turn off' }));
    expect(await dialog.findByText('This code is not right.')).toBeVisible();

    await user.clear(dialog.getByLabelText('Code from your app or a recovery code'));
    await user.type(dialog.getByLabelText('Code from your app or a recovery code'), '123456');
    await user.click(dialog.getByRole('button', { name: 'Turn off' }));
    expect(await screen.findByText('Two-factor sign-in is off.')).toBeVisible();
  });

  it('makes a new set of recovery codes and shows them once', async () => {
    const fresh = RECOVERY_CODES.map((code) => code.replace('kq', 'zz'));
    const { user, section, server } = await openProfile(true, {
      'POST /account/two-factor/recovery-codes': () => ({
        status: 200,
        data: { recoveryCodes: fresh },
      }),
    });
    await user.click(await section.findByRole('button', { name: 'New recovery codes…' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Make new recovery codes?' }));
    await user.type(dialog.getByLabelText('Password'), 'correct horse');
    await user.type(dialog.getByLabelText('Code from your app or a recovery code'), '2kq2m-xh4pz');
    await user.click(dialog.getByRole('button', { name: 'Make new codes' }));

    const codes = await section.findAllByTestId('recovery-code');
    expect(codes.map((item) => item.textContent)).toEqual(fresh);
    expect(server.requests.find((r) => r.url.endsWith('/recovery-codes'))?.body).toEqual({
      password: 'correct horse',
      code: '2kq2m-xh4pz',
    });
  });

  it('warns when few recovery codes are left', async () => {
    await openProfile(true, {
      'GET /account/two-factor': () => ({
        status: 200,
        data: { ...onStatus, recoveryCodesLeft: 1 },
      }),
    });
    const left = await screen.findByTestId('recovery-codes-left');
    expect(left.parentElement).toHaveTextContent('1 recovery code left. Make a new set');
  });
});
