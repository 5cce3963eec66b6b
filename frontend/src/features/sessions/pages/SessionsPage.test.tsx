import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const session = (id: string, current: boolean, userAgent: string) => ({
  id,
  current,
  userAgent,
  ip: '203.0.113.7',
  createdAt: '2025-01-01T10:00:00.000Z',
  lastUsedAt: '2025-01-01T10:00:00.000Z',
});
const here = session(
  '55555555-5555-4555-8555-555555555555',
  true,
  'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
);
const phone = session(
  '66666666-6666-4666-8666-666666666666',
  false,
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1',
);

describe('sessions page', () => {
  it('does not keep showing an ended session as current when the list cannot be reloaded', async () => {
    let down = false;
    const { user } = await renderApp('/sessions', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('token') }),
      'GET /sessions': () =>
        down ? { unreachable: true } : { status: 200, data: { data: [here, phone] } },
      [`DELETE /sessions/${phone.id}`]: () => {
        down = true;
        return { status: 204 };
      },
      'GET /health/live': () => ({ unreachable: true }),
    });
    const list = await screen.findByRole('list', { name: 'Sessions' });
    expect(within(list).getAllByTestId('session')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: /^End session on/ }));
    expect(await screen.findByText('Cannot reach the server — retrying')).toBeVisible();
    expect(screen.queryByRole('list', { name: 'Sessions' })).toBeNull();
  });
});
