import { EMAIL_CHANGE_ACCEPTED } from '@gv/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const ada = makeUser();
const signedIn = {
  'POST /auth/refresh': () => ({ status: 200, data: makeAuth('t', { user: ada }) }),
};

async function openEmailSection(handlers: Parameters<typeof renderApp>[1] = {}) {
  const view = await renderApp('/profile', { ...signedIn, ...handlers });
  const section = within(await screen.findByRole('region', { name: 'Email address' }));
  return { ...view, section };
}

describe('changing the email address', () => {
  it('sends the new address with the password and says where the link went', async () => {
    const { user, section, server } = await openEmailSection({
      'POST /account/email': () => ({ status: 202, data: EMAIL_CHANGE_ACCEPTED }),
    });
    expect(section.getByText('ada@example.com')).toBeVisible();
    await user.type(section.getByLabelText('New email address'), ' Ada.King@Example.com ');
    await user.type(section.getByLabelText('Password'), 'correct horse');
    await user.click(section.getByRole('button', { name: 'Change email' }));

    expect(await section.findByText(EMAIL_CHANGE_ACCEPTED.message)).toBeVisible();
    expect(section.getByText('Check the mail at ada.king@example.com')).toBeVisible();
    expect(server.requests.find((r) => r.url === '/account/email')?.body).toEqual({
      newEmail: 'ada.king@example.com',
      password: 'correct horse',
    });
    expect(section.getByLabelText('Password')).toHaveValue('');
  });

  it('puts the server’s refusal on the field it names', async () => {
    const { user, section } = await openEmailSection({
      'POST /account/email': () =>
        problem(409, 'Conflict', {
          errors: [{ path: 'newEmail', message: 'Another account uses this email' }],
        }),
    });
    await user.type(section.getByLabelText('New email address'), 'grace@example.com');
    await user.type(section.getByLabelText('Password'), 'correct horse');
    await user.click(section.getByRole('button', { name: 'Change email' }));
    await waitFor(() =>
      expect(section.getByLabelText('New email address')).toHaveAccessibleDescription(
        'Another account uses this email',
      ),
    );
  });
});
